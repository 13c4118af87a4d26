"""``wpsdesk backup create [--output FILE]`` and ``wpsdesk backup restore FILE``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.audit.services import record_event
from wpsdesk.core.backup import BackupError, create_backup, default_output, restore_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploads into one archive encrypted with "
        "WPSDESK_BACKUP_KEY ('create'), or restore one into an empty database ('restore')."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="write an encrypted backup file")
        create.add_argument(
            "--output", type=Path, help="the file to write (default: ./wpsdesk-<time>.backup)"
        )
        restore = actions.add_parser("restore", help="restore a backup into an empty database")
        restore.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                output = options.get("output") or default_output()
                manifest = create_backup(output)
                record_event(
                    kind="backup.created",
                    actor_label="command line",
                    details={
                        "file": output.name,
                        "tables": len(manifest.tables),
                        "media_files": manifest.media_files,
                    },
                )
                self.stdout.write(
                    f"Backup written to {output}: {len(manifest.tables)} tables, "
                    f"{sum(manifest.tables.values())} rows, {manifest.media_files} upload files. "
                    "Keep WPSDESK_BACKUP_KEY, the encryption keys and the audit key apart "
                    "from it."
                )
            else:
                manifest = restore_backup(options["file"])
                self.stdout.write(
                    f"Restored the backup of {manifest.created_at}: {len(manifest.tables)} "
                    f"tables and {manifest.media_files} upload files, every row count "
                    "checked. Run 'wpsdesk migrate' if this version is newer, then "
                    "'wpsdesk audit verify'."
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
