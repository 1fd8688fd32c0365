"""Look of the page: a Gradio theme with local CJK fonts (nothing from font CDNs) and the CSS."""

from __future__ import annotations

import gradio as gr

# System fonts only: a GoogleFont here would make every page load call fonts.googleapis.com.
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
         "WenQuanYi Zen Hei", "system-ui", "sans-serif"]
MONO = ["Noto Sans Mono CJK SC", "ui-monospace", "monospace"]


def make_theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="blue", secondary_hue="sky", neutral_hue="slate",
                          font=FONTS, font_mono=MONO)


CSS = """
.gradio-container { max-width: 1400px !important; margin: auto; }
#intro h3 { margin-bottom: .2em; }
.filters { gap: 8px; }
#chat-note { font-size: .9em; color: var(--body-text-color-subdued); min-height: 0; }
a.cite { font-weight: 600; text-decoration: none; padding: 0 1px; border-radius: 3px;
         background: var(--color-accent-soft); }
a.cite:hover { text-decoration: underline; }
#sources-panel { max-height: 620px; overflow-y: auto !important; }
.sources-title { margin: 0 0 8px 0; font-size: 1.05em; }
.sources-empty { color: var(--body-text-color-subdued); padding: 24px 8px; text-align: center; }
.source-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
               padding: 8px 10px; margin-bottom: 8px; background: var(--background-fill-primary); }
.source-card:target { outline: 2px solid var(--color-accent); }
.source-head { font-weight: 600; }
.source-n { color: var(--color-accent); margin-right: 2px; }
.source-where { font-size: .85em; color: var(--body-text-color-subdued); margin: 2px 0 4px; }
.source-snippet { font-size: .92em; line-height: 1.55; white-space: pre-wrap;
                  max-height: 11em; overflow-y: auto; }
.source-snippet mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.source-open { font-size: .85em; display: inline-block; margin-top: 4px; }
.badge-sample { display: inline-block; margin-left: 6px; padding: 0 6px; font-size: .75em;
                font-weight: 500; border-radius: 9px; background: #fef3c7; color: #92400e;
                border: 1px solid #f59e0b; vertical-align: middle; }
.match-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
              padding: 10px 12px; margin-bottom: 10px; }
.match-head { font-weight: 600; display: flex; gap: 8px; align-items: center; }
.match-rank { background: var(--color-accent); color: white; border-radius: 50%;
              min-width: 1.6em; height: 1.6em; display: inline-flex; align-items: center;
              justify-content: center; font-size: .85em; }
.match-score { margin-left: auto; font-variant-numeric: tabular-nums;
               color: var(--body-text-color-subdued); }
.match-who { color: var(--body-text-color-subdued); font-size: .9em; margin: 2px 0 4px; }
.match-reasons, .match-cites { margin: 2px 0 2px 1.2em; font-size: .9em; }
.match-none { padding: 16px; color: var(--body-text-color-subdued); }
"""
