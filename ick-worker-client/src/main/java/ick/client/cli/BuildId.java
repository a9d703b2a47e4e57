package ick.client.cli;

/** A build's id as users write it: {@code PROJECT/NUMBER}, e.g. {@code hello/42}. */
record BuildId(String project, long number) {
    static BuildId parse(String text) {
        int slash = text.lastIndexOf('/');
        if (slash > 0) {
            try {
                long number = Long.parseLong(text.substring(slash + 1));
                if (number > 0) {
                    return new BuildId(text.substring(0, slash), number);
                }
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new IllegalArgumentException("a build is PROJECT/NUMBER, e.g. hello/42; got \"" + text + "\"");
    }

    /** {@code /projects/{project}/builds/{number}} */
    String path() {
        return "/projects/" + ApiCommand.segment(project) + "/builds/" + number;
    }

    @Override
    public String toString() {
        return project + "/" + number;
    }
}
