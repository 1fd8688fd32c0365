"""The document a question names: by title, number, jurisdiction; and what is not indexed."""

from assistant.answer.scope import document_info, resolve_scope

DOCS = [
    document_info("bj.md", "北京市促进科技成果转化条例", ""),
    document_info("sh.md", "上海市促进科技成果转化条例", ""),
    document_info("n127.html", "国务院办公厅关于抓好有关文件贯彻落实工作的通知",
                  "国办发〔2018〕127号\n各省、自治区、直辖市人民政府"),
    document_info("js.pdf", "省政府办公厅关于推进高新区和高等院校协同创新发展的实施意见",
                  "江苏省人民政府办公厅 苏政办发〔2025〕28号"),
    document_info("news.md", "南京工程学院双高协同创新中心揭牌", ""),
]


def test_a_jurisdiction_next_to_a_document_word():
    scope = resolve_scope("北京市规定，奖励比例不低于多少？", DOCS)
    assert scope.sources == {"bj.md"} and not scope.missing
    assert resolve_scope("Under the Shanghai regulation, what share?", DOCS).sources == {"sh.md"}


def test_a_place_is_only_preferred():
    scope = resolve_scope("北京大学在哪里？", DOCS)
    assert not scope.sources and scope.preferred == {"bj.md"}
    # a school whose name starts with a city is not that city's document
    assert "news.md" not in resolve_scope("南京市有什么规定？", DOCS).sources


def test_a_jurisdiction_nobody_indexed_is_missing():
    scope = resolve_scope("广东省的条例规定的奖励比例是多少？", DOCS)
    assert scope.missing == ["广东省"] and not scope.sources
    # named by an issuer in the opening of a document: not reported missing
    assert not resolve_scope("江苏的文件怎么说？", DOCS).missing


def test_numbers_titles_and_comparisons():
    assert resolve_scope("127号文件由哪个部门牵头？", DOCS).sources == {"n127.html"}
    assert resolve_scope("Guobanfa 2018 No. 127: who issued it?", DOCS).sources == {"n127.html"}
    titled = resolve_scope("江苏推进高新区和高等院校协同创新发展的实施意见,文号是什么?", DOCS)
    assert titled.sources == {"js.pdf"}
    quoted = resolve_scope("按照《北京市促进科技成果转化条例》，奖励多少？", DOCS)
    assert quoted.sources == {"bj.md"}
    compared = resolve_scope("北京和上海分别规定了几年？", DOCS)
    assert compared.compare and compared.sources == {"bj.md", "sh.md"}


def test_the_same_title_of_another_jurisdiction_is_missing():
    scope = resolve_scope("江西省促进科技成果转化条例是从哪天开始施行的？", DOCS)
    assert scope.missing == ["江西省促进科技成果转化条例"] and not scope.sources
    # a title written without its issuer's province, named with it in the question
    assert resolve_scope("江苏推进高新区和高等院校协同创新发展的实施意见,文号是什么?",
                         DOCS).sources == {"js.pdf"}


def test_a_title_names_one_document_of_its_jurisdiction():
    docs = [*DOCS, document_info("bjtm.md", "北京市技术市场条例", "")]
    assert resolve_scope("北京市技术市场条例什么时候施行的？", docs).sources == {"bjtm.md"}
    assert resolve_scope("北京市规定，奖励比例不低于多少？", docs).sources == {"bj.md", "bjtm.md"}


def test_a_title_named_in_english():
    docs = [*DOCS, document_info("etdz.md", "北京经济技术开发区条例", ""),
            document_info("law.txt", "中华人民共和国促进科技成果转化法", "")]
    question = "When did the Beijing Economic-Technological Development Area regulation start?"
    assert resolve_scope(question, docs).sources == {"etdz.md"}
    law = ("What does the Law on Promoting the Transformation of Scientific and Technological "
           "Achievements say?")
    assert resolve_scope(law, docs).sources == {"law.txt"}  # a law, not the regulations
    # the same title in another jurisdiction is another document, not Beijing's
    tianjin = "When did Tianjin's Economic-Technological Development Area regulation start?"
    assert "etdz.md" not in resolve_scope(tianjin, docs).sources
    # where the asker is does not take a national law away from them
    lab = "Our lab in Beijing: " + law
    assert resolve_scope(lab, docs).sources == {"law.txt"}


def test_asking_whether_two_documents_agree_is_a_comparison():
    assert resolve_scope("北京和上海的条例说法一样吗？", DOCS).compare
    assert resolve_scope("北京和上海的条例在奖励比例上差多少？", DOCS).compare


def test_a_number_another_document_cites_is_not_its_own():
    plan = document_info("plan.md", "南京市行动计划",
                         "- 性质：落实江苏省（苏政办发〔2025〕28号）的配套计划")
    opinion = document_info("op.pdf", "省政府办公厅关于推进协同创新的实施意见",
                            "省政府办公厅关于推进协同创新的\n实施意见（苏政办发〔2025〕28号）摘要")
    assert resolve_scope("苏政办发28号文说了什么？", [plan, opinion]).sources == {"op.pdf"}


def test_a_proper_name_few_titles_carry_prefers_their_documents():
    docs = [*DOCS, document_info("zgc.md", "中关村国家自主创新示范区条例", "")]
    for question in ("在中关村拿专利入股，比例有没有上限？",
                     "We're a Zhongguancun startup: do we get an edge in bid scoring?"):
        scope = resolve_scope(question, docs)
        assert scope.preferred == {"zgc.md"} and not scope.sources
    assert not resolve_scope("拿专利入股，比例有没有上限？", docs).preferred
