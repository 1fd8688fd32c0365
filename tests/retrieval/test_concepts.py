"""Topic words of a question, weighted by part of speech."""

from assistant.retrieval.concepts import concepts_of


def test_nouns_count_fully_verbs_half_and_phrasing_not_at_all():
    weights = {c.word: c.weight for c in concepts_of("北京市规定，职务科技成果转让给他人实施的，"
                                                     "奖励比例不低于多少？")}
    assert weights["科技成果"] == 1.0 and weights["比例"] == 1.0
    assert weights["转让"] == 0.5
    assert "多少" not in weights and "他人" not in weights and "的" not in weights


def test_figures_stay_and_fragments_do_not():
    words = [c.word for c in concepts_of("省里那份意见说到2027年校企要共建80个以上平台，"
                                         "里面哪几种算产教融合类的平台啊？")]
    assert "2027" in words and "80" in words and "平台" in words
    assert not any(len(w) == 1 for w in words)
    assert words.count("平台") == 1


def test_a_name_the_dictionary_lacks_is_kept_whole():
    assert "仙林" in [c.word for c in concepts_of("表里哪些学校在仙林有校区？")]


def test_a_word_tagged_as_a_preposition_that_ends_a_clause_is_a_verb():
    assert "通过" in [c.word for c in concepts_of("这部法律最早是哪年通过的？")]
    assert "通过" not in [c.word for c in concepts_of("通过什么方式申请？")]


def test_phrasing_adverbs_are_not_concepts():
    words = [c.word for c in concepts_of("里面专门留给小微企业的到底是多少？叫啥名字来着？")]
    assert any(w.startswith("小微") for w in words)
    assert not {"专门", "到底", "名字", "来着"} & set(words)


def test_the_halves_of_an_a_not_a_question_are_not_concepts():
    words = [c.word for c in concepts_of("筹建期间能不能搞生产经营？可不可以延期？")]
    assert "生产" in words and "延期" in words
    assert not {"不能", "可以", "不可"} & set(words)
    assert "满足" in [c.word for c in concepts_of("满不满足申报条件？")]  # the verb asked about


def test_a_lone_modal_verb_is_not_glued_into_a_name():
    # dictionary mode leaves 券 and 能 on their own; "券能" is no word of the question
    words = [c.word for c in concepts_of("科技创新券能跨市用吗？")]
    assert "券能" not in words and "跨市" in words
    assert "宁科贷" in [c.word for c in concepts_of("宁科贷的额度是多少？")]  # 贷 is no modal


def test_a_word_the_synonym_table_lists_counts_whatever_its_tag():
    # 自己 is tagged a pronoun, but "自己实施" is what documents write 自行实施
    assert "自己" in [c.word for c in concepts_of("那要是学校自己实施转化呢？")]
