"""The validated shape of a FAQ topic file, content/faq/<topic>.yml.

Only the loader (`faq_source.load_faq`) uses these models: everything else works with
the plain `faq_source.FaqTopic` they are turned into.
"""

from __future__ import annotations

from pydantic import Field

from policy_model import Strict

ID = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,60}$", description="Permanent id: lowercase letters, digits, dashes")


class EntryFile(Strict):
    id: str = ID
    q: str = Field(min_length=5, max_length=200, description="The question, as a shopper would ask it")
    a: str = Field(min_length=10, description="The answer, in Markdown; may use policy references")
    keywords: list[str] = Field([], description="Words shoppers use for this question (synonyms, misspellings)")


class TopicFile(Strict):
    title: str = Field(min_length=3, max_length=80)
    description: str = Field(min_length=10, max_length=300)
    order: int = 100
    entries: list[EntryFile] = Field(min_length=1)
