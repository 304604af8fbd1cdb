// placeholder entry until the CLI lands
process.stdout.write('lakehouse\n');
