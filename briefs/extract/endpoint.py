"""Where the LLM extractor's calls go: the server, the model's name there and the key, from OPENAI_*
settings; and the openai client for it. The factory (`briefs.extract.select`) reads them here and
gives the extractor its client: the extractor reads no environment."""

from __future__ import annotations

import functools
import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import openai

from briefs.config import Settings
from briefs.errors import ConfigError

OPENAI_BASE_URL = "https://api.openai.com/v1"


@dataclass(frozen=True)
class Endpoint:
    """Where the calls go: the server, the model's name there, and the key."""

    base_url: str
    model: str
    api_key: str

    @property
    def local(self) -> bool:
        """A server on this machine or the private network: no quota to spare, no rate limit by default."""
        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost" or host.endswith(".local"):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return address.is_loopback or address.is_private

    @property
    def shown(self) -> str:
        """The base URL as logged and told: without a user or password it may carry."""
        parts = urlsplit(self.base_url)
        if parts.username is None and parts.password is None:
            return self.base_url
        host = parts.hostname or ""
        return parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")).geturl()

    @property
    def is_openai(self) -> bool:
        return urlsplit(self.base_url).hostname == "api.openai.com"


def resolve_endpoint(model: str, environ: Mapping[str, str] | None = None) -> Endpoint:
    """`openai:NAME`, or with OPENAI_BASE_URL set any bare name (Ollama's `qwen2.5:7b`) on that server.
    OPENAI_BASE_URL and OPENAI_API_KEY are read from `environ` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    base_url = environ.get("OPENAI_BASE_URL", "").strip()
    name = model.removeprefix("openai:")
    if not base_url and ":" in name:
        provider = name.split(":", 1)[0]
        raise ConfigError(
            f"model {model!r}: unknown provider {provider!r}; the LLM extractor speaks the OpenAI API: "
            "use openai:NAME, or set OPENAI_BASE_URL to an OpenAI-compatible server and give its model name"
        )
    if not name:
        raise ConfigError(f"model {model!r} has no name")
    key = environ.get("OPENAI_API_KEY", "").strip()
    if not key:
        if not base_url:
            raise ConfigError(
                "OPENAI_API_KEY is not set: give a key for the OpenAI API, or set OPENAI_BASE_URL to a local server"
            )
        key = "not-needed"  # local servers (vLLM, Ollama, llama.cpp) take any key
    return Endpoint(base_url=(base_url or OPENAI_BASE_URL).rstrip("/"), model=name, api_key=key)


def model_client(endpoint: Endpoint, settings: Settings) -> openai.AsyncOpenAI:
    """The openai client for `endpoint`, its own retries off (the extractor retries, within a deadline)."""
    timeout = openai.Timeout(settings.request_timeout, connect=min(10.0, settings.request_timeout))
    http = openai.DefaultAsyncHttpxClient(timeout=timeout, verify=tls_context())
    return openai.AsyncOpenAI(
        base_url=endpoint.base_url, api_key=endpoint.api_key, max_retries=0, timeout=timeout, http_client=http
    )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The verifying TLS context of every model client, made once per process: loading the CA bundle takes
    ~50 ms of CPU, which each client (the API makes one per request) otherwise pays again. The system's CA
    store, SSL_CERT_FILE and SSL_CERT_DIR honoured; where the system has none for OpenSSL (a python.org
    build on macOS), certifi's bundle, as httpx uses."""
    context = ssl.create_default_context()
    if not context.cert_store_stats()["x509_ca"]:
        try:
            import certifi  # installed with the HTTP client
        except ImportError:  # nothing better to offer: a handshake will say what is missing
            return context
        context.load_verify_locations(certifi.where())
    return context
