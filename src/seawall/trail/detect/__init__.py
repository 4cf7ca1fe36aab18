"""Sigma-rule threat detection over CloudTrail records, matched in process."""
