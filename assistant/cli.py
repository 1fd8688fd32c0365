"""Command line: ingest, stats, ask, match, serve, mcp, eval (see README for the full contract)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.config import Settings, quiet_network_env
from assistant.errors import AssistantError
from assistant.evaluation import default_questions_path, print_report, run_eval


def _parse_where(items: list[str] | None) -> dict[str, str]:
    filters: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AssistantError(f"--where expects key=value, got {item!r}")
        filters[key.strip()] = value.strip()
    return filters


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="双高协同 assistant")
    parser.add_argument("--data-dir", help="index directory (env ASSISTANT_DATA_DIR, ./data)")
    parser.add_argument("--kb", help="knowledge base name (env ASSISTANT_KB, default)")
    parser.add_argument("--embedding", help="use | e5 | a sentence-transformers name or path")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="index files and directories (incremental)")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument("--prune", action="store_true", help="drop files gone from the dirs")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and re-index")
    ingest.add_argument("--no-progress", action="store_true")

    stats = sub.add_parser("stats", help="documents and chunks by type")
    stats.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--jsonl", type=Path, help="batch: one {id, question, history} a line")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--llm", choices=["extractive", "openai", "ollama", "llamacpp"])
    ask.add_argument("--where", action="append", metavar="KEY=VALUE", help="metadata filter")

    match = sub.add_parser("match", help="rank university supply for an enterprise demand")
    match.add_argument("demand")
    match.add_argument("--zone", help="the enterprise's high-tech zone (pairing bonus)")
    match.add_argument("--reverse", action="store_true", help="achievement → fitting demands")
    match.add_argument("--top", type=int, default=5)
    match.add_argument("--json", action="store_true")

    serve = sub.add_parser("serve", help="open the chat, the OpenAI-compatible API and MCP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)

    sub.add_parser("mcp", help="serve MCP over stdio (for Claude Desktop, Cursor, Cline, …)")

    evaluate = sub.add_parser("eval", help="retrieval and answer quality on a question set")
    evaluate.add_argument("questions", nargs="?", type=Path)
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--verbose", action="store_true", help="list per-question misses")
    evaluate.add_argument("--corpus", type=Path, action="append", metavar="DIR",
                          help="index these documents first (incremental), e.g. the unseen set's")
    return parser


def main(argv: list[str] | None = None) -> int:
    quiet_network_env()
    args = build_parser().parse_args(argv)
    settings = Settings().with_overrides(
        data_dir=args.data_dir, kb=args.kb, embedding=args.embedding,
        llm=getattr(args, "llm", None),
    )
    try:
        return COMMANDS[args.command](args, settings)
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _assistant(settings: Settings):
    """The service, imported per command so that `--help` and argument errors stay instant
    (it loads chromadb, jieba and the embedding model's package)."""
    from assistant.service import Assistant  # heavy: see the docstring

    return Assistant(settings=settings)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    report = _assistant(settings).ingest(
        args.paths, prune=args.prune, rebuild=args.rebuild,
        progress=not args.no_progress and not args.json,
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(
            f"indexed {report.indexed} file(s), unchanged {report.unchanged}, "
            f"skipped {len(report.skipped)}, pruned {report.pruned}; "
            f"{report.chunks} chunks in the knowledge base ({report.seconds:.1f} s)"
        )
        for skipped in report.skipped:
            print(f"  skipped {skipped.path}: {skipped.reason}")
    nothing_done = report.indexed == 0 and report.unchanged == 0 and report.pruned == 0
    return 1 if nothing_done and report.skipped else 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    stats = _assistant(settings).stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"knowledge base: {settings.kb_dir}")
    for kind in sorted(set(stats["documents"]) | set(stats["chunks"])):
        print(f"  {kind:<10} {stats['documents'].get(kind, 0):>6} documents"
              f" {stats['chunks'].get(kind, 0):>8} chunks")
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    filters = _parse_where(args.where)
    if args.jsonl:
        for line in args.jsonl.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            answer = assistant.ask(item["question"], item.get("history") or [], filters=filters)
            out = {"id": item.get("id"), **answer.to_dict()}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        raise AssistantError("ask needs a question or --jsonl FILE")
    answer = assistant.ask(args.question, [], filters=filters)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return 0
    if answer.notice:
        print(f"({answer.notice})")
    print(answer.answer)
    if answer.citations:
        print()
        for cite in answer.citations:
            badge = " [sample]" if cite.sample else ""
            print(f"[{cite.n}] {cite.title} · {cite.locator} ({cite.source}){badge}")
    return 0


def _match(args: argparse.Namespace, settings: Settings) -> int:
    result = _assistant(settings).match(
        args.demand, zone=args.zone, top=args.top, reverse=args.reverse
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(result.to_text())
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.app import serve  # gradio: only for this command

    serve(settings, host=args.host, port=args.port)
    return 0


def _mcp(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.api.mcp_server import run_stdio  # the mcp SDK: only for this command

    run_stdio(settings)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    path = args.questions or default_questions_path()
    assistant = _assistant(settings)
    if args.corpus:
        report = assistant.ingest(args.corpus, progress=False)
        print(f"indexed {report.indexed}, unchanged {report.unchanged} file(s); "
              f"{report.chunks} chunks", file=sys.stderr)
    result = run_eval(assistant, path)
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print_report(result, verbose=args.verbose)
    return 0


COMMANDS = {
    "ingest": _ingest,
    "stats": _stats,
    "ask": _ask,
    "match": _match,
    "serve": _serve,
    "mcp": _mcp,
    "eval": _eval,
}

if __name__ == "__main__":
    sys.exit(main())
