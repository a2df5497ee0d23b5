"""API keys, stored as the sha256 of the key: the key itself is shown once, at creation."""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from briefs.hashing import sha256_hex
from briefs.store.tables import ApiKey, now, rowcount


class ApiKeys:
    """The `api_keys` table."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def create(self, role: str, name: str | None = None) -> tuple[str, ApiKey]:
        """A new key for `role`; the plaintext is returned once and never stored."""
        plaintext = "brf_" + secrets.token_urlsafe(32)
        row = ApiKey(key_hash=sha256_hex(plaintext), prefix=plaintext[:10], name=name, role=role)
        with self.sessions.begin() as session:
            session.add(row)
        return plaintext, row

    def all(self) -> list[ApiKey]:
        with self.sessions() as session:
            return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))

    def find(self, plaintext: str) -> ApiKey | None:
        """The live key whose digest matches (looked up by digest: no timing signal about the key)."""
        digest = sha256_hex(plaintext)
        with self.sessions() as session:
            row = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
        if row is None or row.revoked_at is not None or not secrets.compare_digest(row.key_hash, digest):
            return None
        return row

    def revoke(self, key_id: int) -> bool:
        with self.sessions.begin() as session:
            result = session.execute(
                update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None)).values(revoked_at=now())
            )
        return rowcount(result) > 0
