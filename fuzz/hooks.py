"""Schemathesis hooks for the broker's API (scripts/fuzz-api.sh).

With EDGEMARKET_FUZZ_DATA set to a market's data directory, every request is signed with
SignedHeaders (model/.../http/SignedHeaders.java) by the identity whose role the route admits, so
the fuzzed values reach the handlers instead of stopping at the 401 of the authenticator. The
signature is made over the request exactly as it leaves (method, path with query, body bytes), as a
requests auth hook, after schemathesis has serialised the case. Without the variable, nothing is
added: requests go out as generated.
"""

import base64
import hashlib
import os
import secrets
import time
from pathlib import Path

import requests
import schemathesis
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

DOMAIN = "edgemarket/http/v1"

# Which identity of the directory signs each route: one of the roles the broker's route table
# (broker/.../api/Routes.java) admits for it; others are signed as the consumer.
SIGNER_BY_ROUTE = {
    ("GET", "/api/v1/blobs/{sha256}"): "auditor",
    ("POST", "/api/v1/providers/heartbeat"): "provider-1",
    ("POST", "/api/v1/verifiers/heartbeat"): "auditor",
    ("POST", "/api/v1/enrollment/tokens"): "admin",
}
DEFAULT_SIGNER = "consumer"


class Signer:
    """One identity of the market: its certificate header value, MSP and key."""

    def __init__(self, directory: Path):
        pem = (directory / "cert.pem").read_bytes()
        self.cert = base64.b64encode(pem).decode("ascii")
        self.msp = (directory / "msp-id").read_text().strip()
        self.key = serialization.load_pem_private_key(
            (directory / "key.pem").read_bytes(), password=None
        )

    def headers(self, method: str, path_and_query: str, body_sha256: str) -> dict:
        nonce = secrets.token_hex(16)
        timestamp = str(int(time.time() * 1000))
        payload = "\n".join(
            [DOMAIN, method.upper(), path_and_query, timestamp, nonce, body_sha256]
        ).encode("utf-8")
        signature = self.key.sign(payload, ec.ECDSA(hashes.SHA256()))
        return {
            "X-EdgeMarket-Cert": self.cert,
            "X-EdgeMarket-Msp": self.msp,
            "X-EdgeMarket-Timestamp": timestamp,
            "X-EdgeMarket-Nonce": nonce,
            "X-EdgeMarket-Signature": base64.b64encode(signature).decode("ascii"),
        }


class SignedHeadersAuth(requests.auth.AuthBase):
    """Signs the prepared request: its final method, path with query and body bytes."""

    def __init__(self, signer: Signer, streamed_digest_param: bool):
        self.signer = signer
        self.streamed = streamed_digest_param

    def __call__(self, request):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, (bytes, bytearray)):
            body = b"".join(body)  # a generator: read it once, send the bytes signed
            request.body = body
            request.headers["Content-Length"] = str(len(body))
        path = request.path_url
        if self.streamed:
            # PUT /blobs/{sha256} is signed over the digest its path names, not over the body.
            digest = path.split("?", 1)[0].rsplit("/", 1)[-1]
        else:
            digest = hashlib.sha256(bytes(body)).hexdigest()
        request.headers.update(self.signer.headers(request.method, path, digest))
        return request


_DATA = os.environ.get("EDGEMARKET_FUZZ_DATA")
_SIGNERS = {}


def _signer(name: str) -> Signer:
    if name not in _SIGNERS:
        directory = Path(_DATA) / "identities" / name
        if not (directory / "cert.pem").exists():
            directory = Path(_DATA) / "identities" / DEFAULT_SIGNER
        _SIGNERS[name] = Signer(directory)
    return _SIGNERS[name]


if _DATA:

    @schemathesis.hook
    def before_call(context, case, kwargs):
        route = (case.method.upper(), case.path)
        signer = _signer(SIGNER_BY_ROUTE.get(route, DEFAULT_SIGNER))
        kwargs["auth"] = SignedHeadersAuth(signer, route == ("PUT", "/api/v1/blobs/{sha256}"))


# Blob uploads are raw bytes of either kind (a Wasm module or an image tar): sent as generated.
schemathesis.serializer.alias(["application/wasm", "application/x-tar"], "application/octet-stream")
