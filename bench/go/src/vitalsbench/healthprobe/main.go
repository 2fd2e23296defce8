// Command healthprobe is a minimal grpc_health_probe: one plaintext grpc.health.v1 Check with a
// deadline; exit 0 on SERVING, 1 on any other answer, 2 on an error. The Go baseline of
// `vitals probe` in bench/footprint.sh.
//
//	healthprobe -addr 127.0.0.1:8001 [-service NAME] [-connect-timeout 1s] [-rpc-timeout 1s]
//
// The flags are grpc_health_probe's (a subset), so the two probes take the same command line.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	addr := flag.String("addr", "", "host:port of the server")
	service := flag.String("service", "", "service name to check")
	connectTimeout := flag.Duration("connect-timeout", time.Second, "timeout for establishing the connection")
	rpcTimeout := flag.Duration("rpc-timeout", time.Second, "timeout for the health check RPC")
	flag.Parse()
	if *addr == "" {
		fmt.Fprintln(os.Stderr, "healthprobe: -addr is required")
		os.Exit(2)
	}
	dialCtx, dialCancel := context.WithTimeout(context.Background(), *connectTimeout)
	defer dialCancel()
	conn, err := grpc.DialContext(dialCtx, *addr, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthprobe: connect:", err)
		os.Exit(2)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *rpcTimeout)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: *service})
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthprobe: check:", err)
		os.Exit(2)
	}
	fmt.Println("status:", resp.GetStatus())
	if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		os.Exit(1)
	}
}
