package demo;

interface Kernel {
    double eval(double x);
}
