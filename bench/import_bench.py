"""Benchmark of the importers on PostgreSQL. Not a test: figures depend on the machine.

    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS hrm_bench_imp" \\
        -c "CREATE DATABASE hrm_bench_imp"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrm_bench_imp \\
        .venv/bin/python bench/import_bench.py --setup

``--setup`` migrates and loads the taxonomies. The script then writes CSV files
(10,000 recommendations, 15,000 actions linking 1–3 of them, 15,000 indicators)
and imports each in a fresh child process, so that the peak memory reported is
that of one import: first a dry run (read and check every row), then the real
import (drafts, revisions, history, search index), then the same file again
(nothing changes), then every recommendation changed (10,000 new revisions),
an export → import round trip, and ``--publish`` of 1,000 recommendations
(Wagtail's own publishing, one object at a time; their cycle has Cabinet's
decision recorded, or they would be kept as drafts). It refuses to run on a
database that already holds content unless ``--reset``.
"""

import argparse
import csv
import datetime
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

RECOMMENDATIONS = 10_000
ACTIONS = 15_000
INDICATORS = 15_000
PUBLISHED = 1_000


def django_setup():
    import django

    django.setup()


def child(kind, path, *, dry_run, publish):
    """Import one file in this process; print seconds and peak memory as JSON."""
    django_setup()
    from importers.actions import create_run, run_import
    from importers.models import ImportRun
    from importers.reading import Source

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    run = create_run(
        kind=kind,
        source=Source.from_path(path),
        origin=ImportRun.Origin.COMMAND,
        publish=publish,
    )
    run = run_import(run=run, dry_run=dry_run)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu": round(usage.ru_utime + usage.ru_stime - cpu_before, 2),
                "peak_mb": round(peak),
                "summary": run.summary(),
                "errors": run.errors[:3],
            }
        )
    )


def measure(kind, path, *, dry_run=False, publish=False) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(path)]
    if dry_run:
        command.append("--dry-run")
    if publish:
        command.append("--publish")
    output = subprocess.run(command, capture_output=True, text=True)
    if output.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def write_files(folder: Path, rng: random.Random) -> dict[str, Path]:
    django_setup()
    from content_models.models import (
        AffectedGroup,
        Agency,
        Country,
        HumanRightsIssue,
    )

    countries = list(Country.objects.values_list("code", flat=True))
    issues = list(HumanRightsIssue.objects.values_list("slug", flat=True))
    groups = list(AffectedGroup.objects.values_list("slug", flat=True))
    agencies = list(Agency.objects.values_list("code", flat=True))
    words = (
        "ensure protect rights children women Māori disability justice health "
        "education housing discrimination equality monitoring independent "
        "resources measures effective national legislation implement review"
    ).split()

    def sentence(count):
        return " ".join(rng.choice(words) for _ in range(count)).capitalize() + "."

    paths = {}
    paths["recommendations"] = folder / "recommendations.csv"
    with open(paths["recommendations"], "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "cycle",
                "reference",
                "text",
                "title",
                "recommending_states",
                "issues",
                "affected_groups",
                "sdgs",
                "responsible_agencies",
                "upr_response",
                "document_symbol",
            ]
        )
        for number in range(1, RECOMMENDATIONS + 1):
            writer.writerow(
                [
                    "UPR-2024",
                    f"{100 + number // 1000}.{number % 1000}",
                    sentence(rng.randint(20, 60)),
                    sentence(4),
                    "; ".join(rng.sample(countries, rng.randint(1, 3))),
                    "; ".join(rng.sample(issues, rng.randint(1, 3))),
                    "; ".join(rng.sample(groups, rng.randint(0, 2))),
                    "; ".join(str(n) for n in rng.sample(range(1, 18), 2)),
                    "; ".join(rng.sample(agencies, rng.randint(1, 2))),
                    rng.choice(["supported", "supported in part", "noted"]),
                    "A/HRC/56/15",
                ]
            )
    paths["changed"] = folder / "recommendations-changed.csv"
    with (
        open(paths["recommendations"], encoding="utf-8") as source,
        open(paths["changed"], "w", newline="", encoding="utf-8") as target,
    ):
        reader, writer = csv.reader(source), csv.writer(target)
        writer.writerow(next(reader))
        for row in reader:
            row[2] += " Updated."
            writer.writerow(row)
    references = [
        f"UPR-2024/{100 + n // 1000}.{n % 1000}" for n in range(1, RECOMMENDATIONS + 1)
    ]
    paths["actions"] = folder / "actions.csv"
    with open(paths["actions"], "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "reference",
                "title",
                "description",
                "recommendations",
                "lead_agency",
                "responsible_agencies",
                "issues",
                "progress_status",
                "smart",
                "target_date",
            ]
        )
        for number in range(1, ACTIONS + 1):
            writer.writerow(
                [
                    f"ACT-{number:05d}",
                    sentence(6),
                    sentence(40),
                    "; ".join(rng.sample(references, rng.randint(1, 3))),
                    rng.choice(agencies),
                    "; ".join(rng.sample(agencies, 2)),
                    "; ".join(rng.sample(issues, 2)),
                    rng.choice(["in preparation", "in progress", "completed"]),
                    "".join(letter for letter in "SMART" if rng.random() < 0.6),
                    f"20{rng.randint(26, 30)}-0{rng.randint(1, 9)}-15",
                ]
            )
    paths["indicators"] = folder / "indicators.csv"
    with open(paths["indicators"], "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "reference",
                "action",
                "title",
                "kind",
                "responsible_agency",
                "start_date",
                "end_date",
                "report_every_months",
                "smart",
            ]
        )
        for number in range(1, INDICATORS + 1):
            writer.writerow(
                [
                    f"IND-{number:05d}",
                    f"ACT-{rng.randint(1, ACTIONS):05d}",
                    sentence(6),
                    rng.choice(["process step", "key deliverable"]),
                    rng.choice(agencies),
                    "2026-01-01",
                    "2027-12-31",
                    rng.choice(["", "3", "6", "12"]),
                    "SMA",
                ]
            )
    paths["one"] = folder / "one.csv"
    paths["one"].write_text(
        "cycle,reference,text\nCAT-2023,one,A single recommendation.\n",
        encoding="utf-8",
    )
    paths["publish"] = folder / "publish.csv"
    with open(paths["publish"], "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["cycle", "reference", "text", "issues", "recommending_states"])
        for number in range(1, PUBLISHED + 1):
            writer.writerow(
                [
                    "CAT-2023",
                    f"para {number}",
                    sentence(30),
                    rng.choice(issues),
                    rng.choice(countries),
                ]
            )
    return paths


def setup_database(reset: bool) -> None:
    django_setup()
    from django.core.management import call_command

    from content_models.models import (
        Action,
        CabinetDecision,
        HumanRightsBody,
        Indicator,
        Recommendation,
        ReportingCycle,
    )

    call_command("migrate", verbosity=0)
    call_command("load_taxonomies", stdout=io.StringIO())
    cycle, _ = ReportingCycle.objects.get_or_create(
        code="CAT-2023",
        defaults={"body": HumanRightsBody.objects.get(code="CAT"), "name": "CAT 2023"},
    )
    # Cabinet has decided on the cycle's response, so that --publish
    # publishes; while a cycle awaits Cabinet, an import keeps what it would
    # publish as drafts (importers/gate.py).
    CabinetDecision.objects.get_or_create(
        cycle=cycle,
        defaults={
            "decided_on": datetime.date(2024, 3, 4),
            "minute_reference": "CAB-24-MIN-0001",
        },
    )
    if Recommendation.objects.exists() and not reset:
        sys.exit("The database holds content already; use --reset (or a fresh one).")
    if reset:
        from django.db import connection

        tables = [
            model._meta.db_table for model in (Indicator, Action, Recommendation)
        ] + [
            "wagtailcore_revision",
            "wagtailcore_modellogentry",
            "wagtailsearch_indexentry",
            "importers_importrun",
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"))
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--publish", action="store_true")
    options = parser.parse_args()
    if options.child:
        child(*options.child, dry_run=options.dry_run, publish=options.publish)
        return
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    if options.setup or options.reset:
        setup_database(options.reset)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(Path(folder), random.Random(2024))
        scenarios = [
            (
                "1 recommendation (fixed costs)",
                "recommendations",
                paths["one"],
                {},
            ),
            (
                "10,000 recommendations, check only (dry run)",
                "recommendations",
                paths["recommendations"],
                {"dry_run": True},
            ),
            (
                "10,000 recommendations, new drafts",
                "recommendations",
                paths["recommendations"],
                {},
            ),
            (
                "the same file again (no-op)",
                "recommendations",
                paths["recommendations"],
                {},
            ),
            (
                "10,000 recommendations changed (new revisions)",
                "recommendations",
                paths["changed"],
                {},
            ),
            (
                "15,000 actions (1–3 recommendation links each), new drafts",
                "actions",
                paths["actions"],
                {},
            ),
            ("15,000 indicators, new drafts", "indicators", paths["indicators"], {}),
            (
                "1,000 recommendations with --publish (Cabinet has decided)",
                "recommendations",
                paths["publish"],
                {"publish": True},
            ),
        ]
        print(f"{'scenario':62} {'seconds':>8} {'cpu s':>6} {'peak MB':>8}  result")
        for label, kind, path, flags in scenarios:
            result = measure(kind, path, **flags)
            print(
                f"{label:62} {result['seconds']:8.1f} {result['cpu']:6.1f} "
                f"{result['peak_mb']:8d}  {result['summary']}"
            )
            if result["errors"]:
                print("   ", result["errors"])
        export = Path(folder) / "export.csv"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "export_csv",
                "recommendations",
                "--output",
                str(export),
            ],
            check=True,
        )
        print(
            f"{'export_csv recommendations (process, with start-up)':62} "
            f"{time.perf_counter() - started:8.1f}"
        )
        result = measure("recommendations", export)
        print(
            f"{'export → import round trip':62} {result['seconds']:8.1f} "
            f"{result['cpu']:6.1f} {result['peak_mb']:8d}  {result['summary']}"
        )


if __name__ == "__main__":
    main()
