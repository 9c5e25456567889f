"""`python -m klantcontact_export`: see klantcontact_export.cli."""

from klantcontact_export.cli import main

raise SystemExit(main())
