package bench;

/** The jar projects' one class: what the image plugins are added to. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("bench");
    }
}
