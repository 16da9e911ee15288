from coachlog.cli import main

raise SystemExit(main())
