"""`python -m klantcontact.pool`: see klantcontact.pool.cli."""

from klantcontact.pool.cli import main

raise SystemExit(main())
