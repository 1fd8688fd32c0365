"""Match: an enterprise pastes a demand (and may pick its zone) and gets ranked university supply
— achievements, teams, equipment — each with the reasons it was ranked and its sources."""

from __future__ import annotations

import html
from collections.abc import Callable

import gradio as gr

from assistant.app.api_errors import api_errors
from assistant.app.context import AppContext
from assistant.app.filters import entity_choices, known_names
from assistant.app.links import file_url, page_of

EXAMPLES = [
    "我们是南京建邺高新区的储能企业，需要锂电池储能系统的安全预测预警技术。",
    "We need help with chip testing for integrated circuits.",
]
Link = Callable[[dict], str | None]


def _citation_html(cite: dict, link: Link) -> str:
    label = html.escape(f"[{cite.get('n')}] {cite.get('title', '')} · {cite.get('locator', '')}")
    url = link(cite)
    if url is None:
        return f"<li>{label}</li>"
    return (f'<li><a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
            f"{label}</a></li>")


def match_card(match: dict, link: Link) -> str:
    """One ranked match: title, university and zone, score, reasons, cited rows."""
    who = " · ".join(html.escape(str(v)) for v in (match.get("university"), match.get("zone"))
                     if v)
    badge = '<span class="badge-sample">示例数据 sample</span>' if match.get("sample") else ""
    reasons = "".join(f"<li>{html.escape(str(r))}</li>" for r in match.get("reasons", []))
    cites = "".join(_citation_html(c, link) for c in match.get("citations", []))
    return (
        f'<div class="match-card" data-rank="{match.get("rank")}">'
        f'<div class="match-head"><span class="match-rank">{match.get("rank")}</span> '
        f'<span class="match-title">{html.escape(str(match.get("title", "")))}</span>{badge}'
        f'<span class="match-score">{float(match.get("score", 0)):.2f}</span></div>'
        f'<div class="match-who">{who}</div>'
        f'<ul class="match-reasons">{reasons}</ul>'
        f'<ul class="match-cites">{cites}</ul></div>'
    )


def matches_html(data: dict, link: Link) -> str:
    """The ranked list, or a plain "nothing fits" when no row qualified."""
    matches = data.get("matches", [])
    if not matches:
        return ('<div class="match-none">没有找到相符的高校成果、团队或设备 · '
                "No achievement, team or equipment fits this demand.</div>")
    return '<div class="matches">' + "".join(match_card(m, link) for m in matches) + "</div>"


class MatchTab:
    """Demand text, optional zone and list length in; ranked matches with reasons out."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def build(self) -> None:
        gr.Markdown("企业需求匹配：粘贴技术需求（可选所在高新区），得到按匹配度排序的高校成果、团队与设备及理由。"
                    "  \nPaste a technology demand (optionally pick your zone) to get ranked "
                    "university achievements, teams and equipment, with the reasons.")
        self.demand = gr.Textbox(label="需求 Demand", lines=3, elem_id="match-demand")
        with gr.Row(equal_height=True):
            zones = entity_choices(known_names(self.ctx.assistant, "zone"), "未指定 Not given")
            self.zone = gr.Dropdown(zones, value="", label="所在高新区 Your zone", filterable=True,
                                    scale=3, elem_id="match-zone")
            self.top = gr.Slider(1, 10, value=5, step=1, label="条数 Results", scale=2)
            self.run = gr.Button("匹配 Match", variant="primary", scale=1, elem_id="match-run")
        gr.Examples([[e] for e in EXAMPLES], [self.demand], label="示例 Examples")
        self.result = gr.HTML(elem_id="match-result")

    def wire(self) -> None:
        self.run.click(self.find, [self.demand, self.zone, self.top], [self.result],
                       api_visibility="private")

    def link(self, cite: dict) -> str | None:
        path = self.ctx.files.path_of(str(cite.get("source", "")))
        return None if path is None else file_url(path, page_of(str(cite.get("locator", ""))))

    def find(self, demand: str, zone: str | None, top: float) -> str:
        if not (demand or "").strip():
            raise gr.Error("请输入需求 · Enter a demand")
        with api_errors("match", demand):
            result = self.ctx.assistant.match(demand.strip(), zone=zone or None, top=int(top))
            return matches_html(result.to_dict(), self.link)
