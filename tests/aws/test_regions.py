"""Region selection from DescribeRegions and --region."""

from __future__ import annotations

import pytest

from seawall.aws.errors import AwsSetupError
from seawall.aws.regions import enabled_regions, known_regions, region_partition, select_regions

DESCRIBE_REGIONS = {
    "Regions": [
        {"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "af-south-1", "OptInStatus": "opted-in"},
        {"RegionName": "ap-east-1", "OptInStatus": "not-opted-in"},
        {"RegionName": "cn-north-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "us-gov-west-1", "OptInStatus": "opt-in-not-required"},
    ]
}


def test_enabled_regions_filters_opt_in_and_partition() -> None:
    assert enabled_regions(DESCRIBE_REGIONS, "aws") == ["af-south-1", "eu-west-1", "us-east-1"]


def test_known_regions_keeps_not_opted_in() -> None:
    assert known_regions(DESCRIBE_REGIONS, "aws") == [
        "af-south-1",
        "ap-east-1",
        "eu-west-1",
        "us-east-1",
    ]


def test_enabled_regions_of_china_partition() -> None:
    assert enabled_regions(DESCRIBE_REGIONS, "aws-cn") == ["cn-north-1"]


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        pytest.param("us-east-1", "aws", id="commercial"),
        pytest.param("il-central-1", "aws", id="commercial-new"),
        pytest.param("cn-northwest-1", "aws-cn", id="china"),
        pytest.param("us-gov-east-1", "aws-us-gov", id="govcloud"),
        pytest.param("moon-base-1", None, id="unknown"),
    ],
)
def test_region_partition(region: str, partition: str | None) -> None:
    assert region_partition(region) == partition


def test_select_defaults_to_enabled() -> None:
    assert select_regions((), ["us-east-1", "eu-west-1"], ["ap-east-1"]) == [
        "eu-west-1",
        "us-east-1",
    ]


def test_select_keeps_requested_order_without_repeats() -> None:
    known = ["eu-west-1", "us-east-1", "ap-east-1"]

    selected = select_regions(("us-east-1", "ap-east-1", "us-east-1"), [], known)

    assert selected == ["us-east-1", "ap-east-1"]


def test_select_unknown_region_names_it_and_valid_ones() -> None:
    with pytest.raises(AwsSetupError) as raised:
        select_regions(("us-east-1", "us-east-9", "mars-1"), [], ["us-east-1", "eu-west-1"])

    assert str(raised.value) == (
        "unknown region 'us-east-9', 'mars-1'; pass --region with one of: eu-west-1, us-east-1"
    )
