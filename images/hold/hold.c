/*
 * hold: the process of Kubetron's request container (kubetron-request-sidecart).
 *
 * The container exists only to carry the Pod's requests of the kubetron.network.kubevirt.io main, overlay and
 * physnet resources: the scheduler and the node agent's device plugin see the Pod through them. Plugging and
 * addressing the interfaces is the node agent's job, so this process does nothing but stay alive, as small as a
 * process can be, until it is told to stop: no JVM, no shell, no polling.
 *
 * Its arguments name the Pod's addressed interfaces, as the original's sidecar received them; they are ignored here
 * (kept in the Pod spec for people and tools reading it).
 *
 * It is usually PID 1 of its container, and the kernel discards any signal but SIGKILL that a PID 1 left at its
 * default action. So SIGTERM and SIGINT get a handler: the kubelet's stop then ends it at once (exit 0) instead of
 * after the grace period's SIGKILL. As PID 1 it also inherits orphans of anything exec'd into the container; SIGCHLD set to SIG_IGN
 * lets the kernel reap them, so no zombie accumulates and no reaping loop is needed.
 */
#include <signal.h>
#include <stddef.h>

static volatile sig_atomic_t stopping;

static void on_stop(int sig) {
    (void)sig;
    stopping = 1;
}

int main(void) {
    sigset_t stop_signals, while_waiting;
    struct sigaction sa;

    /* Blocked outside sigsuspend, so a signal arriving between the check and the wait is not lost. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    if (sigprocmask(SIG_BLOCK, &stop_signals, &while_waiting) != 0) {
        return 1;
    }
    sigdelset(&while_waiting, SIGTERM);
    sigdelset(&while_waiting, SIGINT);

    sa.sa_handler = on_stop;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0) {
        return 1;
    }
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGCHLD, &sa, NULL) != 0) {
        return 1;
    }

    while (!stopping) {
        sigsuspend(&while_waiting); /* sleeps until a handled signal; always returns -1/EINTR */
    }
    return 0;
}
