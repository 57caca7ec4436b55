# Redraws success_vs_length.svg from the CSV data alone. Run in this folder: gnuplot success_vs_length.gp
# Writes success_vs_length-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_vs_length-gnuplot.svg"
set title "Success rate against the length (dashed: Wilson 95% interval)" noenhanced
set xlabel "sequence length T (log scale)" noenhanced
set ylabel "success rate" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set logscale x
set yrange [0.0:1.0]
plot "success_rates.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=msgd", \
     "success_rates.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=msgd-c", \
     "success_rates.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" ? column("length") : 1/0):(column("rate")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=msgd-cr", \
     "success_rates.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle
