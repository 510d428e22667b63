"""llm_router: a tiny chat client that routes each request to a provider and model."""

from llm_router.api import ChatCompletionApi
from llm_router.commands import CommandHandler
from llm_router.config import ConfigError, ProviderConfig, RouterConfig, load_config

__all__ = [
    "ChatCompletionApi",
    "CommandHandler",
    "ConfigError",
    "ProviderConfig",
    "RouterConfig",
    "load_config",
]

__version__ = "0.4.0"
