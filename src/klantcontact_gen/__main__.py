"""Entry point for python -m klantcontact_gen."""

from klantcontact_gen.cli import main

raise SystemExit(main())
