package demo;

enum Op {
    PLUS {
        double apply(double a, double b) {
            return a + b;
        }
    };

    abstract double apply(double a, double b);
}
