from xlgoals.cli import main

main()
