from wpsdesk.cli import main

main()
