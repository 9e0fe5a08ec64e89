"""Fixtures of the covenant tests: a cluster year with three members, a test CA and one
PKCS#12 per member (made once per test session: RSA key generation is slow), and a ``flow``
that walks a covenant through its workflow by calling the services.

Two clusters are offered:

* ``cluster`` — for the services: ``own`` leads, ``other`` is a plain member, a third agency
  (Cần Thơ) completes it; each member has a leader user who signs for it.
* ``view_cluster`` — for the persona matrix: a fourth agency (Đồng Tháp) leads, ``own`` is a
  plain member (so the personas ``member_officer`` and ``agency_leader`` are a member's officer
  and leader), and ``other`` stays out (so ``outsider``, an officer of ``other``, is not a
  member).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12
from cryptography.x509.oid import NameOID

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.audit.models import AuditEvent
from thidua.core.testing import PASSWORD, Personas
from thidua.covenants.models import Covenant, TrustedRoot
from thidua.covenants.selectors import version_values
from thidua.covenants.services import (
    SignatoryValues,
    VersionValues,
    covenant_draft,
    covenant_finalise,
    covenant_publish,
    covenant_version_save,
    signatory_confirm,
    signatory_sign,
    signing_event_set,
)
from thidua.documents import signing
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency
from thidua.organizations.services import AgencyValues, agency_create

YEAR = 2026
KEY_PASSWORD = b"mat-khau-thu-nghiem"
THEME = "Đoàn kết, kỷ cương, đổi mới sáng tạo, kịp thời hiệu quả"
TITLE = f"GIAO ƯỚC THI ĐUA NĂM {YEAR}"
SIGNING_DATE = dt.date(YEAR, 5, 10)
SIGNING_PLACE = "Cần Thơ"
CA_NAME = "CA thử nghiệm của bộ kiểm thử"

OWN, OTHER, THIRD, LEAD = "P-SCT-AG", "P-SCT-CM", "P-SCT-CT", "P-SCT-DT"
# Who signs for each agency (by code) at the signing event.
SIGNER_NAMES = {
    OWN: "Nguyễn Minh Hùng",
    OTHER: "Trần Văn Bình",
    THIRD: "Lê Thị Cúc",
    LEAD: "Phạm Quốc Dũng",
}


# --- keys (no database: made once per session) ---------------------------------------------


@dataclass(frozen=True)
class Keys:
    ca: signing.TestCA
    by_code: dict[str, bytes]  # a valid PKCS#12 (KEY_PASSWORD) per agency code
    expired: bytes  # OWN's key with a certificate of the CA that expired a year ago
    mismatched: bytes  # OWN's key with OTHER's certificate (see `_mismatched`)


def _key_and_cert(data: bytes) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key, cert, _others = pyca_pkcs12.load_key_and_certificates(data, KEY_PASSWORD)
    assert isinstance(key, rsa.RSAPrivateKey)
    assert cert is not None
    return key, cert


def _expired(ca: signing.TestCA, key: rsa.RSAPrivateKey) -> bytes:
    """A PKCS#12 whose certificate (issued by the test CA) expired a year ago."""
    now = dt.datetime.now(dt.UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Công Thương tỉnh An Giang"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Chứng thư đã hết hạn"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=730))
        .not_valid_after(now - dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca.private_key, hashes.SHA256())
    )
    return pyca_pkcs12.serialize_key_and_certificates(
        b"expired",
        key,
        cert,
        [ca.certificate],
        serialization.BestAvailableEncryption(KEY_PASSWORD),
    )


def _mismatched(key: rsa.RSAPrivateKey, foreign: x509.Certificate) -> bytes:
    """A PKCS#12 holding a key and the certificate of another key.

    ``serialize_key_and_certificates(name, key, foreign_cert, …)`` is refused by cryptography
    ("Certificate public key and provided private key do not match"), so the foreign certificate
    travels as an extra certificate beside the key — which is what such a file looks like to a
    reader: a key and no certificate for it.
    """
    return pyca_pkcs12.serialize_key_and_certificates(
        b"mismatched", key, None, [foreign], serialization.BestAvailableEncryption(KEY_PASSWORD)
    )


@pytest.fixture(scope="session")
def keys() -> Keys:
    ca = signing.make_test_ca(CA_NAME)
    by_code = {
        code: signing.issue_signer_pkcs12(
            ca, person_name=name, organisation=f"Đơn vị {code}", password=KEY_PASSWORD
        )
        for code, name in SIGNER_NAMES.items()
    }
    own_key, _own_cert = _key_and_cert(by_code[OWN])
    _other_key, other_cert = _key_and_cert(by_code[OTHER])
    return Keys(
        ca=ca,
        by_code=by_code,
        expired=_expired(ca, own_key),
        mismatched=_mismatched(own_key, other_cert),
    )


# --- settings, trust, audit -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def trusted_root(db: None, keys: Keys) -> TrustedRoot:
    # No service manages trust roots (they are reference data kept in the admin).
    root: TrustedRoot = TrustedRoot.objects.create(
        name=CA_NAME, certificate_pem=keys.ca.certificate_pem().decode()
    )
    return root


def audit_count() -> int:
    return AuditEvent.objects.count()


@contextmanager
def one_event(action: str) -> Iterator[None]:
    """Asserts that the block records exactly one audit event, and that it is ``action``."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    yield
    new = list(AuditEvent.objects.filter(id__gt=before).values_list("action", flat=True))
    assert new == [action]


@contextmanager
def no_event() -> Iterator[None]:
    before = audit_count()
    yield
    assert audit_count() == before


# --- clusters -------------------------------------------------------------------------------


def make_agency(code: str, name: str) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=None,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def make_user(username: str, role: Role, agency: Agency) -> User:
    user = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
    membership_grant(actor=None, user=user, role=role, agency=agency)
    return user


@dataclass
class Cluster:
    personas: Personas
    group_year: GroupYear
    leader: Agency  # the leading member (cụm trưởng)
    members: list[Agency]  # in rotation (and signing) order
    leaders: dict[str, User]  # agency code → the agency's leader (who signs for it)
    extra: dict[str, User] = field(default_factory=dict)

    def leader_of(self, agency: Agency) -> User:
        return self.leaders[agency.code]

    def previous_year(self) -> GroupYear:
        """The same cluster a year earlier (the members were active then too)."""
        return group_year_create(
            actor=None,
            organiser=self.personas.ministry,
            code=self.group_year.group.code,
            name=self.group_year.group.name,
            kind=GroupKind.CLUSTER,
            values=GroupYearValues(year=YEAR - 1, members=self.members, leader=self.leader),
        )


def _group_year(personas: Personas, members: list[Agency], leader: Agency, year: int) -> GroupYear:
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code="CUM-TN",
        name="Cụm thi đua các Sở Công Thương Tây Nam Bộ",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=year, members=members, leader=leader),
    )


@pytest.fixture
def cluster(personas: Personas) -> Cluster:
    third = make_agency(THIRD, "Sở Công Thương thành phố Cần Thơ")
    members = [personas.own, personas.other, third]
    return Cluster(
        personas=personas,
        group_year=_group_year(personas, members, personas.own, YEAR),
        leader=personas.own,
        members=members,
        leaders={
            OWN: personas.agency_leader,
            OTHER: make_user("leader_other", Role.AGENCY_LEADER, personas.other),
            THIRD: make_user("leader_third", Role.AGENCY_LEADER, third),
        },
    )


@pytest.fixture
def view_cluster(personas: Personas) -> Cluster:
    lead = make_agency(LEAD, "Sở Công Thương tỉnh Đồng Tháp")
    third = make_agency(THIRD, "Sở Công Thương thành phố Cần Thơ")
    members = [lead, personas.own, third]
    return Cluster(
        personas=personas,
        group_year=_group_year(personas, members, lead, YEAR),
        leader=lead,
        members=members,
        leaders={
            LEAD: make_user("lead_leader", Role.AGENCY_LEADER, lead),
            OWN: personas.agency_leader,
            THIRD: make_user("leader_third", Role.AGENCY_LEADER, third),
        },
        extra={"lead_officer": make_user("lead_officer", Role.AGENCY_OFFICER, lead)},
    )


# --- the workflow ---------------------------------------------------------------------------


class Flow:
    """Walks a covenant of a cluster through the services, as the real people would."""

    def __init__(self, keys: Keys) -> None:
        self.keys = keys

    def draft(self, cluster: Cluster, **kwargs: Any) -> Covenant:
        return covenant_draft(
            actor=cluster.leader_of(cluster.leader), group_year=cluster.group_year, **kwargs
        )

    def ready(self, cluster: Cluster, covenant: Covenant) -> Covenant:
        """Give the draft a theme and title (version 2) and set the signing event."""
        actor = cluster.leader_of(cluster.leader)
        version = covenant.current_version
        assert version is not None
        base = version_values(version)
        covenant_version_save(
            actor=actor,
            covenant=covenant,
            values=VersionValues(
                title=TITLE,
                theme=THEME,
                legal_bases=base.legal_bases,
                goals=base.goals,
                closing=base.closing,
                items=base.items,
            ),
        )
        return signing_event_set(
            actor=actor,
            covenant=covenant,
            date=SIGNING_DATE,
            place=SIGNING_PLACE,
            signatories=[
                SignatoryValues(agency, SIGNER_NAMES[agency.code], "Giám đốc")
                for agency in cluster.members
            ],
        )

    def finalised(self, cluster: Cluster) -> Covenant:
        covenant = self.ready(cluster, self.draft(cluster))
        return covenant_finalise(actor=cluster.leader_of(cluster.leader), covenant=covenant)

    def sign(self, cluster: Cluster, covenant: Covenant, agency: Agency) -> None:
        signatory = covenant.signatories.get(agency=agency)
        signatory_confirm(actor=cluster.leader_of(agency), signatory=signatory)
        signatory_sign(
            actor=cluster.leader_of(agency),
            signatory=signatory,
            pkcs12=self.keys.by_code[agency.code],
            password=KEY_PASSWORD,
        )

    def published(self, cluster: Cluster) -> Covenant:
        covenant = self.finalised(cluster)
        for agency in cluster.members:
            self.sign(cluster, covenant, agency)
        return covenant_publish(actor=cluster.leader_of(cluster.leader), covenant=covenant)


@pytest.fixture
def flow(keys: Keys, trusted_root: TrustedRoot) -> Flow:
    return Flow(keys)
