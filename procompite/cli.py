"""Command line: ``python -m procompite COMMAND ...`` for everything that needs no window."""

import argparse
import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from procompite import __version__
from procompite.calls import commands as calls
from procompite.demo import commands as demo
from procompite.documents import appeal_commands, issue_commands, signing_commands
from procompite.documents import commands as documents
from procompite.evaluation import commands as evaluation
from procompite.evaluation import robustness_commands
from procompite.evaluation.packages import commands as packages
from procompite.followup import commands as followup
from procompite.lifecycle import commands as lifecycle
from procompite.plans import commands as plan_commands
from procompite.prioritization import chain_commands
from procompite.prioritization import commands as prioritization
from procompite.storage import commands as storage
from procompite.storage.backups import BackupError
from procompite.storage.checks import DatabaseError, explain, is_disk_full
from procompite.storage.cli_support import Refused, file_problem
from procompite.transfer import commands as transfer
from procompite.transfer import score_commands

# What a shell reports for a program stopped by SIGPIPE (128 + 13).
BROKEN_PIPE_STATUS = 141

# Each stage adds its own verbs; this order is the order of ``--help``.
STAGE_COMMANDS = (
    demo.add_commands,
    calls.add_commands,
    lifecycle.add_commands,
    chain_commands.add_commands,
    storage.add_info_command,
    transfer.add_commands,
    score_commands.add_commands,
    plan_commands.add_commands,
    prioritization.add_commands,
    evaluation.add_commands,
    robustness_commands.add_commands,
    packages.add_commands,
    documents.add_commands,
    issue_commands.add_commands,
    signing_commands.add_commands,
    appeal_commands.add_commands,
    followup.add_commands,
    storage.add_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m procompite",
        description="PROCOMPITE: herramientas de línea de comandos (sin ventana).",
    )
    parser.add_argument("--version", action="version", version=f"PROCOMPITE {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")
    for add_commands in STAGE_COMMANDS:
        add_commands(commands)
    return parser


def _stop_writing_to_closed_pipe() -> int:
    """Standard output was closed early (``... | head``): end quietly, as a program stopped by
    SIGPIPE does, without Python's complaint when it flushes at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return BROKEN_PIPE_STATUS


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _stop_writing_to_closed_pipe()
    except (DatabaseError, BackupError, Refused) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except sqlite3.Error as error:
        print(f"Error: {explain(error, getattr(args, 'db', None))}", file=sys.stderr)
        return 2
    except OSError as error:
        if is_disk_full(error):
            print(f"Error: {explain(error)}", file=sys.stderr)
            return 2
        if error.filename is None:
            raise
        print(f"Error: {file_problem(error)}", file=sys.stderr)
        return 2
