"""双高协同 assistant: retrieval-augmented answers over Jiangsu's zone–university programme."""

from assistant.config import quiet_network_env

quiet_network_env()

__all__ = ["Assistant"]


def __getattr__(name: str):  # lazy: importing the package must stay cheap for the CLI
    if name == "Assistant":
        from assistant.service import Assistant  # loads chromadb and jieba: only when used

        return Assistant
    raise AttributeError(name)
