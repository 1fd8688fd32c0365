"""Remove the chrome of a web page saved as text: navigation, share bars, related lists, footers.

Users often save a government or news page with "save as text" or copy-paste; the article sits
between menus, breadcrumbs, "相关新闻" lists and ICP footers that would otherwise be indexed and
quoted. trafilatura needs the HTML tree, which a text capture no longer has, so these line rules
are hand-written. Each rule targets a shape that article prose does not take (short tokens
between separators, fixed footer phrases); anything uncertain is kept.
"""

from __future__ import annotations

import html
import re

from assistant.text.junk_lines import is_chrome_line

_TAG = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?[A-Za-z][^<>\n]{0,300}>", re.I | re.S
)
_NAV_SPLIT = re.compile(r"\s*[|｜>»›/]\s*|\s+")
_NAV_PIPES = re.compile(r"[|｜>»›]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?：:]")
NAV_WORDS = frozenset(
    {
        "首页", "网站首页", "主页", "返回首页", "新闻中心", "新闻动态", "通知公告", "政务公开",
        "信息公开", "政策文件", "政策法规", "政策解读", "互动交流", "办事服务", "公众参与",
        "专题专栏", "数据发布", "机构设置", "网站地图", "联系我们", "关于我们", "设为首页",
        "加入收藏", "无障碍", "长者模式", "繁体", "繁體", "简体", "English", "登录", "注册",
        "搜索", "home", "about", "contact",
    }
)  # fmt: skip
SHARE_WORDS = frozenset(
    {
        "微信", "微博", "新浪微博", "腾讯微博", "QQ", "QQ空间", "朋友圈", "豆瓣", "人人网",
        "复制链接", "更多", "扫一扫", "收藏", "点赞", "分享", "转发", "评论",
    }
)  # fmt: skip
_BREADCRUMB = re.compile(
    r"^(当前位置|您的位置|你的位置|您现在的位置)\s*[：:]"
    r"|^(所在位置|位置)\s*[：:].*([>»›]|首页)"  # "位置：" alone may be an event's venue
    r"|^首页\s*[>»›]"
)
_RELATED_HEADER = re.compile(
    r"^[【\[]?\s*(相关新闻|相关阅读|相关文章|相关链接|相关稿件|推荐阅读|延伸阅读|热点新闻|热门文章|"
    r"猜你喜欢|更多新闻|更多阅读|最新新闻|热门推荐)\s*[】\]]?\s*[：:]?\s*(更多\s*[>»]*)?$"
)
# "上一条规定…" and "上篇 总论" are prose and parts of a book; the colon marks page links.
_PREV_NEXT = re.compile(r"^(上一篇|下一篇)|^(上一条|下一条|上篇|下篇)\s*[：:]")
_SHARE = re.compile(r"^(分享到|分享至|分享)\s*[：:]")
_FOOTER_STRONG = re.compile(
    r"版权所有|copyright|©|ICP[备证]|公网安备|网站标识码|网站识别码|all rights reserved", re.I
)
_FOOTER_NEAR = re.compile(
    r"^(主办|承办|协办|技术支持|运行维护|维护单位|网站维护|地址|通讯地址|电话|联系电话|邮编|传真|"
    r"邮箱|e-?mail|建议使用|最佳分辨率|网站地图|联系我们)",
    re.I,
)
_FOOTER_REACH = 3  # footer blocks are short: contact lines sit within 3 lines of the © line
# A by-line names a person: "审核：由省科技厅负责审核材料" is a procedure step, not a by-line.
_EDITOR = re.compile(
    r"^[(（\[【]?\s*(责任编辑|编辑|审核|审校|校对|初审|复审|终审|值班编辑|编审|责编)\s*[：:]"
    r"[^，。；,;]{0,16}$"
)
_EDITOR_INLINE = re.compile(
    r"[(（\[【]\s*(责任编辑|编辑|责编)\s*[：:][^)）\]】]{0,20}[)）\]】]\s*$"
)
_FRAGMENTS = re.compile(
    r"[【\[]\s*(打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏|纠错|我要纠错)\s*[】\]]"
    r"|((字体|字号)\s*[：:]?\s*)?[【\[]\s*大\s*中\s*小\s*[】\]]"
    r"|(字体|字号)\s*[：:]\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?"
    r"|打印本页|打印此页|关闭窗口|关闭本页|返回顶部|回到顶部|我要纠错"
    r"|(浏览次数|阅读次数|阅读量|浏览量|点击数|点击量|访问量)\s*[：:]\s*\d+"
    r"|扫一扫在手机(上)?打开当前页|在手机上打开|扫一扫分享"
)
_QR_PROMPT = re.compile(r"^(扫码|扫一扫|微信扫一扫|长按识别|关注我们)")
_MEANINGFUL = re.compile(r"[\w\u4e00-\u9fff]")
_RELATED_ITEM_MAX = 60  # related-list entries are titles: short and without a final full stop
_SENTENCE_END = re.compile(r"[。！？!?]$")


def strip_markup(text: str) -> str:
    """Leftover HTML tags, comments, scripts and entities."""
    return html.unescape(_TAG.sub("", text))


def _is_nav(line: str) -> bool:
    if len(line) > 100 or line.startswith("|") or _SENTENCE_PUNCT.search(line):
        return False  # a leading "|" is a Markdown table row, not a menu
    tokens = [t for t in _NAV_SPLIT.split(line) if t]
    if len(tokens) < 2 or any(len(t) > 10 for t in tokens):
        return False
    known = sum(t.lower() in NAV_WORDS or t in NAV_WORDS for t in tokens)
    if known == len(tokens):
        return True
    if len(_NAV_PIPES.findall(line)) >= 2:
        return len(tokens) >= 3
    return known >= 2


def _is_share(line: str) -> bool:
    if (_SHARE.match(line) or _QR_PROMPT.match(line)) and len(line) <= 40:
        return True
    tokens = [t for t in re.split(r"[\s|｜/、,，]+", line) if t]
    return bool(tokens) and all(t in SHARE_WORDS for t in tokens)


def line_kind(line: str) -> str | None:
    """The kind of page chrome a single line is, or None for (possible) article text."""
    if _BREADCRUMB.search(line):
        return "breadcrumb"
    if _RELATED_HEADER.match(line):
        return "related"
    if _PREV_NEXT.match(line):
        return "prev_next"
    if _is_share(line):
        return "share"
    if len(line) <= 120 and _FOOTER_STRONG.search(line):
        return "footer"
    if _EDITOR.match(line):
        return "editor"
    if _is_nav(line):
        return "nav"
    if len(line) <= 60 and is_chrome_line(line):
        return "junk"
    return None


def _strip_fragments(line: str) -> str:
    line = _EDITOR_INLINE.sub("", line)
    return _FRAGMENTS.sub("", line).strip()


def _drop_related_lists(lines: list[str], kinds: list[str | None]) -> None:
    """Mark the entries under a "相关新闻" header: short title lines up to the first prose line."""
    in_list = False
    for i, line in enumerate(lines):
        if kinds[i] == "related":
            in_list = True
        elif in_list and kinds[i] is None:
            is_item = len(line) <= _RELATED_ITEM_MAX and not _SENTENCE_END.search(line)
            if not line or is_item:
                kinds[i] = "related" if line else None
            else:
                in_list = False


def _drop_footer_block(lines: list[str], kinds: list[str | None]) -> None:
    """Contact and host lines ("主办单位：…", "地址：…") count as footer only beside a © line, so
    an article that names an event's 主办单位 keeps it."""
    strong = [i for i, k in enumerate(kinds) if k == "footer"]
    for i in strong:
        for j in range(max(0, i - _FOOTER_REACH), min(len(lines), i + _FOOTER_REACH + 1)):
            if kinds[j] is None and _FOOTER_NEAR.match(lines[j]):
                kinds[j] = "footer"


def classify_lines(text: str) -> tuple[list[str], list[str | None]]:
    """Split a capture into stripped lines and the chrome kind of each (None = keep)."""
    lines = [_strip_fragments(line.strip()) for line in strip_markup(text).splitlines()]
    kinds: list[str | None] = [line_kind(line) if line else None for line in lines]
    _drop_related_lists(lines, kinds)
    _drop_footer_block(lines, kinds)
    for i, line in enumerate(lines):
        if kinds[i] is None and line and not _MEANINGFUL.search(line) and line[0] not in "|`-":
            kinds[i] = "symbols"
    return lines, kinds


def clean_web_text(text: str) -> str:
    """The article lines of a saved web page, in order, blank lines kept as paragraph breaks."""
    lines, kinds = classify_lines(text)
    return "\n".join(line for line, kind in zip(lines, kinds, strict=True) if kind is None)


def looks_like_web_capture(text: str) -> bool:
    """True when at least two different kinds of page chrome occur: normal Markdown has none."""
    _, kinds = classify_lines(text)
    return len({k for k in kinds if k and k != "symbols"}) >= 2
