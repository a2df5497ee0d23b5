from briefs.cli import main

main()
