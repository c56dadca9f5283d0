"""An in-memory Webex identity API served over loopback HTTP, for tests and the offline demo."""
