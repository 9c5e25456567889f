"""Entry point for python -m klantcontact.generator."""

from klantcontact.generator.cli import main

raise SystemExit(main())
