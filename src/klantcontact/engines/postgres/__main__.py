"""`python -m klantcontact.engines.postgres`: see klantcontact.engines.postgres.cli."""

from klantcontact.engines.postgres.cli import main

raise SystemExit(main())
