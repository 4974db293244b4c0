"""The dataset card (README.md): what the data is, how it was made, what was thrown away."""

from __future__ import annotations

from typing import Any

import yaml

from synthloop.counts import CoverageRow, FunnelRow


def dataset_card(
    *, name: str, description: str | None, license: str, spec_yaml: str, spec_hash: str,
    counts: dict[str, int], funnel: list[FunnelRow], coverage: list[CoverageRow],
    lineage: list[dict[str, Any]], style: str, files: list[str],
) -> str:
    front = yaml.safe_dump({"license": license, "pretty_name": name,
                            "tags": ["synthetic", "synthloop"]}, sort_keys=False)
    lines = [f"---\n{front}---", f"# {name}", ""]
    lines += [description or "Synthetic dataset generated with synthloop.", ""]
    lines += ["## Contents", "",
              f"- accepted records: **{counts['accepted']:,}** ({style} style)",
              f"- rejected: {counts['rejected']:,}; failed (quarantined): {counts['failed']:,}",
              f"- files: {', '.join(files)}", f"- spec hash: `{spec_hash}`",
              f"- licence: {license}", ""]
    lines += ["## Funnel", "",
              "| stage | in | passed | rejected | failed | modified | top reasons |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for r in funnel:
        reasons = "; ".join(f"{check} ×{n}" for check, n, _ in r.reasons) or ""
        lines.append(f"| {r.stage} | {r.n_in:,} | {r.passed:,} | {r.rejected:,} | {r.failed:,} "
                     f"| {r.modified:,} | {reasons} |")
    if coverage:
        lines += ["", "## Coverage", "", "| axis | value | target | achieved |",
                  "|---|---|---:|---:|"]
        lines += [f"| {c.axis} | {c.value} | {c.target_share:.1%} | {c.achieved_share:.1%} |"
                  for c in coverage]
    lines += ["", "## Lineage", "", "| stage | recipe | producer | records |", "|---|---|---|---:|"]
    for item in lineage:
        prod = ", ".join(f"{k}={v}" for k, v in item["producer"].items() if k != "params")
        lines.append(f"| {item['stage']} | {item['recipe']} | {prod} | {item['records']:,} |")
    lines += ["", "## Spec", "", "```yaml", spec_yaml.rstrip(), "```", ""]
    return "\n".join(lines)
