"""seawall: audit and harden AWS accounts against the AWS security baseline."""

__version__ = "0.1.0"
