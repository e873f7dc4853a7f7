import FuzzDriver

runFuzzer(fuzzLoader)
