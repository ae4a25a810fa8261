"""Running the app: several servers behind a proxy, and the process that checks uploads. Beside the app; never imported below it."""
