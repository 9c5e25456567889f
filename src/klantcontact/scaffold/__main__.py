"""`python -m klantcontact.scaffold`: see klantcontact.scaffold.cli."""

from klantcontact.scaffold.cli import main

raise SystemExit(main())
