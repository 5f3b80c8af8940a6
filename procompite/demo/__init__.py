"""The demo database (real chains and organisations of the Sur Andino study, a demo call and its
plans) and a large generated region for benchmarks."""
