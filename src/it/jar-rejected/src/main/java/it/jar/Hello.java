package it.jar;

/** The jar-rejected IT's main artifact: a Java archive, which zeroimage must refuse as an executable. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("Hello from zeroimage");
    }
}
