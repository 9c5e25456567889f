"""`python -m klantcontact_pg_load`: see klantcontact_pg_load.cli."""

from klantcontact_pg_load.cli import main

raise SystemExit(main())
