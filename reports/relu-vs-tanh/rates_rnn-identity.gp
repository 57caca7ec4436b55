# Redraws rates_rnn-identity.svg from the CSV data alone. Run in this folder: gnuplot rates_rnn-identity.gp
# Writes rates_rnn-identity-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rates_rnn-identity-gnuplot.svg"
set title "rnn-identity: observed rate against init_scale" noenhanced
set xlabel "init_scale" noenhanced
set ylabel "observed rate (decades per step)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-0.2" -0.2, "0" 0.0, "0.2" 0.2)
set yrange [-0.3621264724437668:0.3326088750976837]
plot "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "pytorch" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 2 lc rgb "#0072B2" title "init pytorch", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "orthogonal" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 2 lc rgb "#D55E00" title "init orthogonal", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "identity" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 2 lc rgb "#009E73" title "init identity"
