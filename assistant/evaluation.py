"""`assistant eval`: retrieval and answer quality on a question set (format: shared eval README).

Comparison rule (from the question set's README): fold traditional→simplified, drop whitespace and
thousands separators, lower-case. A retrieved chunk is *relevant* when it contains at least half of
the question's expected fact groups (at least one); this keeps a bare "2025" from counting as a hit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer.citations import MARKER
from assistant.documents import Answer
from assistant.retrieval.asks import Ask, question_parts
from assistant.text.normalize import fold

LONG_ANSWER = 800  # characters; longer answers must be lists the user asked for
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
PAGE = re.compile(r"第\s*\d+(?:\s*[–—-]\s*\d+)?\s*页")  # a page or a range

RETRIEVAL_DEPTH = 10


def default_questions_path() -> Path:
    """The shared eval set when it sits beside the checkout, else the copy in tests/data."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "eval" / "questions.jsonl",
                      here / "tests" / "data" / "questions.jsonl"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("no question set found; pass one: assistant eval QUESTIONS.jsonl")


def norm(text: str) -> str:
    text = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)
    return re.sub(r"\s+", "", fold(text))


def groups_met(text: str, expect: list[list[str]]) -> int:
    folded = norm(text)
    return sum(1 for group in expect if any(norm(s) in folded for s in group))


def is_relevant(text: str, expect: list[list[str]]) -> bool:
    needed = max(1, math.ceil(len(expect) / 2))
    return bool(expect) and groups_met(text, expect) >= needed


@dataclass
class QuestionResult:
    id: str
    lang: str
    question: str
    answerable: bool
    expect: list[list[str]]
    answer: Answer
    first_relevant_rank: int | None  # 1-based rank of the first relevant chunk, None if none
    asks_list: bool = False  # the question asked for a list or a summary (may run long)

    @property
    def facts_present(self) -> bool:
        text = self.answer.answer
        return not self.answer.refused and groups_met(text, self.expect) == len(self.expect)

    def marker_resolution(self) -> tuple[int, int]:
        """(markers that resolve to a citation whose snippet backs the text before them, markers).

        The text a marker closes is what follows the previous marker on the same line; see
        `_backs` for when a snippet backs it.
        """
        by_n = {c.n: c for c in self.answer.citations}
        resolved = total = 0
        previous_end = 0
        text = self.answer.answer
        for match in MARKER.finditer(text):
            total += 1
            segment = text[previous_end : match.start()].split("\n")[-1]
            previous_end = match.end()
            cite = by_n.get(int(match.group(1)))
            if cite is not None and _backs(cite.snippet, segment, cite.title, cite.locator):
                resolved += 1
        return resolved, total

    def marker_support(self) -> tuple[int, int]:
        """(markers whose snippet holds an expected fact, markers) in this answer."""
        by_n = {c.n: c for c in self.answer.citations}
        markers = [int(m.group(1)) for m in MARKER.finditer(self.answer.answer)]
        facts = [s for group in self.expect for s in group]
        supported = sum(
            1 for n in markers
            if n in by_n and any(norm(f) in norm(by_n[n].snippet) for f in facts)
        )
        return supported, len(markers)


@dataclass
class EvalResult:
    results: list[QuestionResult] = field(default_factory=list)
    statutes: set[str] = field(default_factory=set)  # sources cut into articles (第X条)

    def retrieval(self, lang: str) -> dict[str, float]:
        rows = [r for r in self.results if r.answerable and r.lang == lang]
        n = len(rows)
        if not n:
            return {"recall@1": 0.0, "recall@5": 0.0, "mrr@10": 0.0, "n": 0}
        ranks = [r.first_relevant_rank for r in rows]
        return {
            "recall@1": sum(1 for k in ranks if k and k <= 1) / n,
            "recall@5": sum(1 for k in ranks if k and k <= 5) / n,
            "mrr@10": sum(1 / k for k in ranks if k and k <= 10) / n,
            "n": n,
        }

    def answers(self) -> dict[str, float]:
        answerable = [r for r in self.results if r.answerable]
        unanswerable = [r for r in self.results if not r.answerable]
        supported = total = resolved = markers = 0
        for r in answerable:
            s, t = r.marker_support()
            supported, total = supported + s, total + t
            s, t = r.marker_resolution()
            resolved, markers = resolved + s, markers + t
        return {
            "accuracy": _share(sum(r.facts_present for r in answerable), len(answerable)),
            "refusal_accuracy": _share(sum(r.answer.refused for r in unanswerable),
                                       len(unanswerable)),
            "false_refusal_rate": _share(sum(r.answer.refused for r in answerable),
                                         len(answerable)),
            "citation_support": _share(supported, total),
            "citation_resolution": _share(resolved, markers),
            "n": len(self.results),
            **self.shape(),
        }

    def shape(self) -> dict[str, float | None]:
        """How answers read: median length, answers over the 800-character limit that are not a
        requested list, and how precisely citations point (article for statutes, page for PDFs)."""
        answered = [r for r in self.results if not r.answer.refused]
        lengths = sorted(len(r.answer.answer) for r in answered)
        long = [r for r in answered if len(r.answer.answer) > LONG_ANSWER and not r.asks_list]
        cites = [c for r in answered for c in r.answer.citations]
        statute = [c for c in cites if c.source in self.statutes]
        pdf = [c for c in cites if c.source.lower().endswith(".pdf")]
        return {
            "median_chars": lengths[len(lengths) // 2] if lengths else 0,
            "over_800": len(long),
            "statute_citations_with_article": _share(
                sum(1 for c in statute if ARTICLE.search(c.locator)), len(statute)) if statute
            else None,
            "pdf_citations_with_page": _share(
                sum(1 for c in pdf if PAGE.search(c.locator)), len(pdf)) if pdf else None,
        }

    def summary(self) -> dict[str, object]:
        return {"retrieval": {"zh": self.retrieval("zh"), "en": self.retrieval("en")},
                "answers": self.answers()}


# Where a snippet joins separate sentences of its passage ("文号：… … 成文日期：…").
SNIPPET_GAP = "…"
MIN_PIECE = 8  # characters of a joined sentence that must stand in the text to back it
MIN_QUOTED = 4  # characters of a text without Chinese that must stand in the snippet to count
END_MARKS = "。；;，,.：: "
BRACKETED = re.compile(r"[（(]([^（）()]{2,60})[）)]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _labels(title: str, locator: str) -> list[str]:
    """The source labels an answer line may open with (`Wording.source_line`): they name the
    source and claim nothing, so they are not compared with the snippet."""
    where = locator if locator and locator != "全文" else ""
    full = [f"《{title}》（{where}）：", f"《{title}》, {where}: "] if where else []
    short = [f"（{where}）：", f"{where}: "] if where else []
    return [*full, f"《{title}》：", f"《{title}》: ", *short]


def _backs(snippet: str, segment: str, title: str = "", locator: str = "") -> bool:
    """A snippet backs a segment (its source label aside) when the segment quotes it or one of
    its joined sentences, when the segment's text stands in it (a lead "4所。"), when the
    original a lead gives in brackets stands in it ("30 March (3月30日)"), or when most of the
    segment's Chinese characters come from it (a catalog row shown with English labels)."""
    text = segment.strip()
    label = next((x for x in _labels(title, locator) if text.startswith(x)), "") if title else ""
    a, b = norm(snippet), norm(text[len(label):])
    if not b:
        return True  # a marker right after another marker: backed by the same text
    if not a:
        return False
    core = b.strip(END_MARKS)
    if a in b or (core in a and (len(core) >= MIN_QUOTED or _CJK.search(core))):
        return True
    if any(len(inner) >= 2 and inner in a for inner in BRACKETED.findall(b)):
        return True
    pieces = [norm(p) for p in snippet.split(SNIPPET_GAP)]
    if any(len(piece) >= MIN_PIECE and piece in b for piece in pieces):
        return True
    cjk = _CJK.findall(b)
    if len(cjk) < MIN_QUOTED:
        return False  # "研究院" shares its characters with too many snippets to count
    return sum(1 for ch in cjk if ch in a) / len(cjk) >= 0.5


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def run_eval(assistant, path: Path) -> EvalResult:
    """Ask every question (follow-ups with their conversation as history) and score it."""
    questions = load_questions(path)
    answers: dict[str, tuple[str, str]] = {}
    result = EvalResult()
    for item in questions:
        history = conversation_before(item, questions, answers)
        retrieval = assistant.retrieve(item["question"], history, k=RETRIEVAL_DEPTH)
        answer = assistant.ask(item["question"], history)
        answers[item["id"]] = (item["question"], answer.answer)
        expect = item.get("expect") or []
        rank = next((i for i, hit in enumerate(retrieval.hits, start=1)
                     if is_relevant(hit.chunk.retrieval_text(), expect)), None)
        result.results.append(QuestionResult(
            id=item["id"], lang=item.get("lang", "zh"), question=item["question"],
            answerable=bool(item.get("answerable", True)), expect=expect, answer=answer,
            first_relevant_rank=rank, asks_list=_asks_list(item["question"]),
        ))
    result.statutes = assistant.kb.chunks.sources_with_locator("%第%条%")
    return result


def _asks_list(question: str) -> bool:
    return any(p.ask in (Ask.LIST, Ask.SUMMARY) for p in question_parts(question))


def conversation_before(item: dict, questions: list[dict],
                        answers: dict[str, tuple[str, str]]) -> list[dict]:
    """The chain of earlier turns a follow-up question continues, oldest first.

    `answers` maps a question id to (question, answer text) for the questions asked so far;
    the eval, the perf benchmark and the baseline comparison all build histories this way.
    """
    chain: list[dict] = []
    parent = item.get("followup_of")
    by_id = {q["id"]: q for q in questions}
    while parent and parent in answers:
        question, answer = answers[parent]
        chain[:0] = [{"role": "user", "content": question},
                     {"role": "assistant", "content": answer}]
        parent = by_id.get(parent, {}).get("followup_of")
    return chain


def print_report(result: EvalResult, verbose: bool = False) -> None:
    summary = result.summary()
    print("retrieval      recall@1  recall@5  mrr@10     n")
    for lang in ("zh", "en"):
        r = summary["retrieval"][lang]
        print(f"  {lang:<12} {r['recall@1']:>8.3f}  {r['recall@5']:>8.3f}  {r['mrr@10']:>6.3f}"
              f"  {r['n']:>4}")
    a = summary["answers"]
    print(f"answers        accuracy {a['accuracy']:.3f}  refusal_accuracy "
          f"{a['refusal_accuracy']:.3f}  false_refusal_rate {a['false_refusal_rate']:.3f}  "
          f"citation_support {a['citation_support']:.3f}  n {a['n']}")
    print(f"               citation_resolution {a['citation_resolution']:.3f} (markers whose "
          "citation exists and its snippet backs the text before the marker)")
    print(f"shape          median_chars {a['median_chars']}  over_800 {a['over_800']}  "
          f"statute_citations_with_article {_shown(a['statute_citations_with_article'])}  "
          f"pdf_citations_with_page {_shown(a['pdf_citations_with_page'])}")
    if not verbose:
        return
    for r in result.results:
        problems = []
        if r.answerable and (r.first_relevant_rank is None or r.first_relevant_rank > 5):
            problems.append(f"retrieval rank {r.first_relevant_rank}")
        if r.answerable and not r.facts_present:
            problems.append("refused" if r.answer.refused else "facts missing")
        if not r.answerable and not r.answer.refused:
            problems.append("answered an unanswerable question")
        if problems:
            print(f"- {r.id} [{r.lang}] {r.question}\n    {'; '.join(problems)}"
                  f"\n    {r.answer.answer[:300]!r} {r.answer.notice}")
        elif len(r.answer.answer) > LONG_ANSWER and not r.asks_list:
            print(f"- {r.id} [{r.lang}] {r.question}\n    long answer "
                  f"({len(r.answer.answer)} characters)")
