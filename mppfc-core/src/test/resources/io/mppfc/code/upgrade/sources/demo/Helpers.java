package demo;

class Helpers {
    static double scale(double x) {
        return x * 2;
    }
}
