"""A local stand-in for Cognito and the HTTP API JWT authorizer.

One RSA key, generated once into the data dir, signs ID tokens shaped like Cognito's; the gateway verifies
them as API Gateway's JWT authorizer does (RS256 signature by key id, issuer, audience or client_id,
exp and nbf). The issuer and audience are those of the template's authorizer, resolved to local values.
"""

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_FILE = "issuer-key.pem"
ROLES = ("owner", "manager", "reception", "specialist")
DEFAULT_TOKEN_SECONDS = 12 * 3600


class InvalidToken(Exception):
    pass


class NoSigningKey(Exception):
    """The data dir has no issuer key: no stack was started on it, so nothing would accept its tokens."""


@dataclass(frozen=True)
class JwtAuthorizer:
    """The JwtConfiguration of one authorizer, resolved."""

    name: str
    issuer: str
    audiences: tuple[str, ...]
    identity_header: str = "authorization"


def authorizer_from_properties(name: str, properties: dict[str, Any]) -> JwtAuthorizer:
    configuration = properties.get("JwtConfiguration", {})
    audience = configuration.get("audience", [])
    source = str(properties.get("IdentitySource", "$request.header.Authorization"))
    if not source.startswith("$request.header."):
        raise ValueError(f"authorizer {name}: only header identity sources are emulated, not {source}")
    return JwtAuthorizer(
        name=name,
        issuer=str(configuration["issuer"]),
        audiences=tuple(audience if isinstance(audience, list) else [audience]),
        identity_header=source.removeprefix("$request.header.").lower(),
    )


@dataclass(frozen=True)
class SigningKey:
    private_pem: bytes

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(self.private_pem, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    @property
    def key_id(self) -> str:
        der = self.public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:18]).decode()

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        return {"keys": [{**jwk, "kid": self.key_id, "alg": "RS256", "use": "sig"}]}


def existing_signing_key(data_dir: Path) -> SigningKey:
    """The issuer's key the stack created in data_dir; NoSigningKey if it has none (never made here)."""
    path = data_dir / KEY_FILE
    if not path.exists():
        raise NoSigningKey(f"no issuer key in {data_dir}/")
    return SigningKey(path.read_bytes())


def signing_key(data_dir: Path) -> SigningKey:
    """The issuer's key, created on the stack's first start and kept, so tokens stay valid across restarts."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pem)
        temporary.chmod(0o600)
        temporary.replace(path)
    return SigningKey(path.read_bytes())


def id_token_claims(
    authorizer: JwtAuthorizer,
    *,
    salon_id: str,
    role: str,
    staff_id: str | None = None,
    email: str | None = None,
    lifetime_seconds: int = DEFAULT_TOKEN_SECONDS,
    now: int | None = None,
) -> dict[str, Any]:
    """Claims of a Cognito ID token for a member of a salon's staff."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    issued = int(time.time()) if now is None else now
    subject = str(uuid.uuid5(uuid.NAMESPACE_URL, f"parlour-local/{salon_id}/{role}/{staff_id or ''}"))
    claims: dict[str, Any] = {
        "sub": subject,
        "email": email or f"{role}@{salon_id}.example.com",
        "email_verified": True,
        "cognito:username": subject,
        "token_use": "id",
        "aud": authorizer.audiences[0],
        "iss": authorizer.issuer,
        "iat": issued,
        "auth_time": issued,
        "exp": issued + lifetime_seconds,
        "custom:salon_id": salon_id,
        "custom:role": role,
    }
    if staff_id:
        claims["custom:staff_id"] = staff_id
    return claims


def sign(key: SigningKey, claims: dict[str, Any]) -> str:
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.key_id})


def verify(token: str, key: SigningKey, authorizer: JwtAuthorizer) -> dict[str, Any]:
    """The token's claims if API Gateway's JWT authorizer would accept it; InvalidToken otherwise."""
    try:
        if jwt.get_unverified_header(token).get("kid") != key.key_id:
            raise InvalidToken("unknown key id")
        claims = jwt.decode(
            token,
            key.public_key,
            algorithms=["RS256"],
            issuer=authorizer.issuer,
            options={"require": ["exp", "iss"], "verify_aud": False},
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    # API Gateway accepts an ID token by `aud` or an access token by `client_id`.
    audiences = claims.get("aud", claims.get("client_id"))
    audiences = audiences if isinstance(audiences, list) else [audiences]
    if not set(audiences) & set(authorizer.audiences):
        raise InvalidToken("audience not accepted")
    return claims


def token_from_header(value: str | None) -> str | None:
    """API Gateway takes the identity source as is, with or without the Bearer prefix."""
    if not value:
        return None
    value = value.strip()
    return value[7:].strip() if value[:7].lower() == "bearer " else value


def claims_for_event(claims: dict[str, Any]) -> dict[str, str]:
    """API Gateway hands claims to the integration as strings; arrays look like "[a b]"."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "[" + " ".join(text(item) for item in value) + "]"
        return str(value)

    return {name: text(value) for name, value in claims.items()}
