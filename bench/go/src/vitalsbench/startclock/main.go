// Command startclock measures a server's start: given the moment the server process was started
// (nanoseconds since the epoch, from `date +%s%N` just before it), it polls the address until a
// grpc.health.v1 Check answers SERVING and prints the time from that moment, in milliseconds:
//
//	startclock -addr 127.0.0.1:8001 -since 1700000000000000000 [-timeout 60s]
//	serving_ms 412.3
//
// It first waits for the port to accept a TCP connection (a refused connect costs next to
// nothing, so polling every 2 ms barely slows the server it waits for), then calls Check on a
// fresh connection until the answer is SERVING. Exit 1 on timeout.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	addr := flag.String("addr", "", "host:port of the server")
	since := flag.Int64("since", 0, "start of the server process, nanoseconds since the epoch")
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	flag.Parse()
	if *addr == "" || *since == 0 {
		fmt.Fprintln(os.Stderr, "usage: startclock -addr HOST:PORT -since NANOS [-timeout D]")
		os.Exit(2)
	}
	start := time.Unix(0, *since)
	deadline := time.Now().Add(*timeout)
	for time.Now().Before(deadline) {
		if serving(*addr) {
			fmt.Printf("serving_ms %.1f\n", float64(time.Since(start).Microseconds())/1000)
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	fmt.Fprintf(os.Stderr, "startclock: %s did not answer SERVING within %s\n", *addr, *timeout)
	os.Exit(1)
}

// serving reports whether one Check on a fresh connection answers SERVING.
func serving(addr string) bool {
	probe, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
	if err != nil {
		return false
	}
	probe.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, addr, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		return false
	}
	defer conn.Close()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err == nil && resp.GetStatus() == healthpb.HealthCheckResponse_SERVING
}
