import FuzzDriver

runFuzzer(fuzzCEL)
