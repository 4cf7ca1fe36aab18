"""Reading IAM policy documents from authorization details."""

from __future__ import annotations

from seawall.checks._iam_data import PolicyDocument, judge_each
from seawall.policy import Policy, PolicyError

ALLOW_S3 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}


def test_judge_each_judges_repeated_document_once() -> None:
    judged: list[str] = []

    def judge(policy: Policy) -> str:
        judged.append(policy.name)
        return "verdict"

    items = [
        PolicyDocument("arn:aws:iam::111122223333:role/a", "role a", ALLOW_S3),
        # The same document as URL-encoded text, as some endpoints return it.
        PolicyDocument(
            "arn:aws:iam::111122223333:role/b",
            "role b",
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A"
            "%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D",
        ),
    ]

    results = list(judge_each(items, judge))

    assert [(item.label, verdict) for item, verdict in results] == [
        ("role a", "verdict"),
        ("role b", "verdict"),
    ]
    assert judged == ["arn:aws:iam::111122223333:role/a"]


def test_judge_each_reports_invalid_document() -> None:
    items = [PolicyDocument("arn:aws:iam::111122223333:policy/bad", "policy bad", "{not json")]

    [(item, verdict)] = list(judge_each(items, lambda policy: policy.name))

    assert item.label == "policy bad"
    assert isinstance(verdict, PolicyError)
