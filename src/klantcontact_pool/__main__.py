"""`python -m klantcontact_pool`: see klantcontact_pool.cli."""

from klantcontact_pool.cli import main

raise SystemExit(main())
