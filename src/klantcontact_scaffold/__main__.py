"""`python -m klantcontact_scaffold`: see klantcontact_scaffold.cli."""

from klantcontact_scaffold.cli import main

raise SystemExit(main())
