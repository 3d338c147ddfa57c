"""LangChain's standard chat-model tests (the langchain-tests package) for LlamaChatModel on the tiny GGUF.

Not collected by the main suite (the file name does not start with test_): tests/ai/test_langchain_standard_tests.py
runs it in a pytest subprocess with plugin autoloading off and only the plugins these tests need, so the main
suite stays free of langchain-tests' plugins. The model file comes in STUDIO_TINY_GGUF. Features our model does
not have (tool calling, structured output through with_structured_output, images, audio, PDFs) are declared
unsupported as langchain-tests expects; the standard tests then skip them.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import ChatModelIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests

from app.ai.chat import LlamaChatModel


@functools.cache
def tiny_llama() -> Any:
    """The tiny model, loaded once for the whole run (each test wraps it in a new LlamaChatModel)."""
    from llama_cpp import Llama

    return Llama(model_path=str(Path(os.environ["STUDIO_TINY_GGUF"])), n_ctx=2048, n_gpu_layers=0, verbose=False,
                 seed=7)


@pytest.fixture(scope="session", autouse=True)
def close_tiny_llama():
    """Free llama.cpp's model before the interpreter exits (not in Llama.__del__ at shutdown)."""
    yield
    if tiny_llama.cache_info().currsize:
        tiny_llama().close()


class OurModel:
    """What both standard suites need to know about LlamaChatModel."""

    @property
    def chat_model_class(self) -> type[LlamaChatModel]:
        return LlamaChatModel

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"llama": tiny_llama(), "model_name": "tiny-test-llama", "seed": 7}

    @property
    def standard_chat_model_params(self) -> dict[str, Any]:
        # langchain-tests' own (temperature 0, timeout, stop...) with fewer tokens: the run stays short
        return {**super().standard_chat_model_params, "max_tokens": 16}

    @property
    def has_tool_calling(self) -> bool:
        return False  # questions about data are a fixed set of queries chosen through a JSON schema instead

    @property
    def has_structured_output(self) -> bool:
        return False  # the app constrains output with json_schema=, not with_structured_output

    @property
    def supports_json_mode(self) -> bool:
        return False

    @property
    def returns_usage_metadata(self) -> bool:
        return True  # on invoke; llama-cpp-python's stream reports no usage, so the runner deselects
        # test_usage_metadata_streaming (langchain-tests ties both to this one flag)

    @property
    def supports_image_inputs(self) -> bool:
        return False

    @property
    def supports_audio_inputs(self) -> bool:
        return False

    @property
    def supports_pdf_inputs(self) -> bool:
        return False


class TestLlamaChatModelUnit(OurModel, ChatModelUnitTests):
    """The standard unit tests (construction, standard parameters)."""


class TestLlamaChatModelIntegration(OurModel, ChatModelIntegrationTests):
    """The standard integration tests (invoke, stream, batch, async, conversations, stop, usage) on llama.cpp."""
