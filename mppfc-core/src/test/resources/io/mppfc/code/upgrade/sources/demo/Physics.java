package demo;

public class Physics {
    static final Kernel K = new Gauss();

    public static double slow(double x) {
        return Op.PLUS.apply(K.eval(x), Helpers.scale(x));
    }
}
