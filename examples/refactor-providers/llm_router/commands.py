"""Slash commands and plain chat lines for the interactive client."""

from __future__ import annotations

from llm_router.api import ChatCompletionApi

HELP = {
    "help": "/help               show this list",
    "model": "/model [NAME]       show or switch the current model",
    "models": "/models             list every configured model",
    "providers": "/providers          list configured providers",
    "clear": "/clear              forget the conversation so far",
}


class CommandHandler:
    """Turns one input line into one output string."""

    def __init__(self, api: ChatCompletionApi, model: str | None = None) -> None:
        self.api = api
        self.model = model
        self.history: list[dict[str, str]] = []

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if not line.startswith("/"):
            return self.chat(line)
        name, _, argument = line[1:].partition(" ")
        method = getattr(self, f"cmd_{name}", None) if name in HELP else None
        if method is None:
            return f"Unknown command: /{name} (try /help)"
        return method(argument.strip())

    def cmd_help(self, argument: str) -> str:
        return "\n".join(HELP.values())

    def cmd_model(self, argument: str) -> str:
        if not argument:
            return f"Current model: {self.model or '(none)'}"
        try:
            provider, long_name = self.api.resolve_provider_for_model(argument)
        except ValueError as exc:
            return f"Error: {exc}"
        self.model = long_name
        return f"Model set to {long_name} ({provider.name})"

    def cmd_models(self, argument: str) -> str:
        lines = [
            f"{key}/{long_name}" + (f" ({alias})" if alias else "")
            for key, long_name, alias in self.api.merged_models()
        ]
        return "\n".join(lines) if lines else "No models configured."

    def cmd_providers(self, argument: str) -> str:
        return "\n".join(
            f"{key}: {provider.name} <{provider.base_url}>"
            for key, provider in self.api.providers.items()
        )

    def cmd_clear(self, argument: str) -> str:
        self.history.clear()
        return "Conversation cleared."

    def chat(self, text: str) -> str:
        if self.model is None:
            return "No model selected; use /model NAME first."
        self.history.append({"role": "user", "content": text})
        try:
            reply = self.api.complete(self.model, list(self.history))
        except (ValueError, RuntimeError, OSError) as exc:
            self.history.pop()
            return f"Error: {exc}"
        self.history.append({"role": "assistant", "content": reply})
        return reply
