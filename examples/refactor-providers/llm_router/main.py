"""Command-line entry point: ``python -m llm_router.main``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from llm_router.api import ChatCompletionApi
from llm_router.commands import CommandHandler
from llm_router.config import ConfigError, load_config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llm-router", description="Chat with any configured provider.")
    parser.add_argument("--config", default="providers.json", help="JSON configuration file")
    parser.add_argument("--model", help="model to start with (NAME, alias or provider/NAME)")
    parser.add_argument("--list-models", action="store_true", help="print every model and exit")
    parser.add_argument("prompt", nargs="*", help="send one prompt and exit")
    return parser


def run_repl(
    handler: CommandHandler,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> int:
    """Read lines until EOF or /quit, writing each reply."""
    while True:
        try:
            line = read("> ")
        except EOFError:
            return 0
        if line.strip() in ("/quit", "/exit"):
            return 0
        reply = handler.handle(line)
        if reply:
            write(reply)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"llm-router: {exc}", file=sys.stderr)
        return 2
    api = ChatCompletionApi(config.providers, temperature=config.temperature)
    handler = CommandHandler(api)
    start_model = args.model or config.default_model
    if start_model:
        message = handler.handle(f"/model {start_model}")
        if message.startswith("Error"):
            print(f"llm-router: {message}", file=sys.stderr)
            return 2
    if args.list_models:
        print(handler.handle("/models"))
        return 0
    if args.prompt:
        print(handler.handle(" ".join(args.prompt)))
        return 0
    return run_repl(handler)


if __name__ == "__main__":
    raise SystemExit(main())
